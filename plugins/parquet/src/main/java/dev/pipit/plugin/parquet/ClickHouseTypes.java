package dev.pipit.plugin.parquet;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.Float16LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.UUIDLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The ClickHouse type a data source without {@code SCHEMA} gets for a Parquet field, close to what ClickHouse
 * itself infers from the file: exact integer widths and signs, decimals with their precision and scale,
 * {@code DateTime64} with the timestamp's unit, {@code Nullable} for optional fields. Lists, maps and structs are
 * {@code String}, holding their JSON text; times of day and untyped bytes are {@code String} too.
 */
final class ClickHouseTypes {
    private ClickHouseTypes() {}

    static String of(Type field) {
        String type = field.isPrimitive() && !field.isRepetition(Type.Repetition.REPEATED)
                ? primitive(field.asPrimitiveType())
                : "String";
        return field.isRepetition(Type.Repetition.OPTIONAL) ? "Nullable(" + type + ")" : type;
    }

    private static String primitive(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
            return "Decimal(" + decimal.getPrecision() + ", " + decimal.getScale() + ")";
        }
        return switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> "Bool";
            case INT32 -> logical instanceof IntLogicalTypeAnnotation integer ? integer(integer)
                    : logical instanceof DateLogicalTypeAnnotation ? "Date32"
                    : logical == null ? "Int32" : "String";
            case INT64 -> logical instanceof IntLogicalTypeAnnotation integer ? integer(integer)
                    : logical instanceof TimestampLogicalTypeAnnotation timestamp ? timestamp(timestamp)
                    : logical == null ? "Int64" : "String";
            case INT96 -> "DateTime64(9)";
            case FLOAT -> "Float32";
            case DOUBLE -> "Float64";
            case BINARY, FIXED_LEN_BYTE_ARRAY -> logical instanceof UUIDLogicalTypeAnnotation ? "UUID"
                    : logical instanceof Float16LogicalTypeAnnotation ? "Float32"
                    : "String";
        };
    }

    private static String integer(IntLogicalTypeAnnotation integer) {
        return (integer.isSigned() ? "Int" : "UInt") + integer.getBitWidth();
    }

    private static String timestamp(TimestampLogicalTypeAnnotation timestamp) {
        return switch (timestamp.getUnit()) {
            case MILLIS -> "DateTime64(3)";
            case MICROS -> "DateTime64(6)";
            case NANOS -> "DateTime64(9)";
        };
    }
}

package dev.pipit.plugin.parquet;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import dev.pipit.spi.format.WriteColumn;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a sink's rows: every column optional (a query's value may be null), with the logical type
 * readers such as DuckDB, Spark and ClickHouse map back to the column's type. A decimal of up to 18 digits is an
 * int64, as the format recommends; a wider one is its unscaled value's big-endian bytes.
 */
final class ExportSchema {
    /** The widest decimal an int64 holds. */
    static final int LONG_DECIMAL_DIGITS = 18;

    private ExportSchema() {}

    static MessageType of(List<WriteColumn> columns) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (WriteColumn column : columns) {
            message.addField(field(column));
        }
        return message.named("row");
    }

    private static Type field(WriteColumn column) {
        String name = column.name();
        return switch (column.type()) {
            case BOOLEAN -> Types.optional(BOOLEAN).named(name);
            case INT8 -> Types.optional(INT32).as(LogicalTypeAnnotation.intType(8, true)).named(name);
            case INT16 -> Types.optional(INT32).as(LogicalTypeAnnotation.intType(16, true)).named(name);
            case INT32 -> Types.optional(INT32).named(name);
            case INT64 -> Types.optional(INT64).named(name);
            case FLOAT32 -> Types.optional(FLOAT).named(name);
            case FLOAT64 -> Types.optional(DOUBLE).named(name);
            case DECIMAL -> Types.optional(column.precision() <= LONG_DECIMAL_DIGITS ? INT64 : BINARY)
                    .as(LogicalTypeAnnotation.decimalType(column.scale(), column.precision())).named(name);
            case STRING -> Types.optional(BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
            case BYTES -> Types.optional(BINARY).named(name);
            case DATE -> Types.optional(INT32).as(LogicalTypeAnnotation.dateType()).named(name);
            case TIMESTAMP -> Types.optional(INT64).as(LogicalTypeAnnotation.timestampType(false, MICROS)).named(name);
            case TIMESTAMP_UTC -> Types.optional(INT64).as(LogicalTypeAnnotation.timestampType(true, MICROS))
                    .named(name);
        };
    }
}

package dev.pipit.plugin.kafka;

import dev.pipit.spi.stream.StreamField;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The columns a data source without {@code SCHEMA} gets from its topic's Avro schema: one per top-level field,
 * typed as {@link AvroValues} reads its values and as the Parquet plugin types the same kinds of data. Exact
 * integers and floats, {@code Decimal(P, S)}, {@code Date32}, {@code DateTime64} with the timestamp's unit,
 * {@code UUID}, {@code Bool}; {@code Nullable} for a union with null. Records, arrays, maps and other unions are
 * {@code String} holding their JSON text; times of day, enums, bytes and fixed values are {@code String} too.
 */
final class AvroColumns {
    private AvroColumns() {}

    /** The fields of a record schema; none for a schema that is not a record. */
    static List<StreamField> of(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            return List.of();
        }
        return schema.getFields().stream().map(field -> new StreamField(field.name(), type(field.schema()))).toList();
    }

    static String type(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> branches = schema.getTypes();
            List<Schema> values = branches.stream().filter(branch -> branch.getType() != Schema.Type.NULL).toList();
            String type = values.size() == 1 ? type(values.get(0)) : "String";
            return values.size() < branches.size() && !type.startsWith("Nullable(") ? "Nullable(" + type + ")" : type;
        }
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return "Decimal(" + decimal.getPrecision() + ", " + decimal.getScale() + ")";
        }
        String logicalName = logical == null ? "" : logical.getName();
        return switch (schema.getType()) {
            case BOOLEAN -> "Bool";
            case INT -> logicalName.equals("date") ? "Date32" : logical == null ? "Int32" : "String";
            case LONG -> switch (logicalName) {
                case "timestamp-millis", "local-timestamp-millis" -> "DateTime64(3)";
                case "timestamp-micros", "local-timestamp-micros" -> "DateTime64(6)";
                case "timestamp-nanos", "local-timestamp-nanos" -> "DateTime64(9)";
                case "" -> "Int64";
                default -> "String";
            };
            case FLOAT -> "Float32";
            case DOUBLE -> "Float64";
            case STRING, FIXED -> logicalName.equals("uuid") ? "UUID" : "String";
            case NULL -> "Nullable(String)";
            default -> "String";
        };
    }
}

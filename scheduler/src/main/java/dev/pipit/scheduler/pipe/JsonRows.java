package dev.pipit.scheduler.pipe;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * A result row as one JSON object, as NDJSON lines and Kafka messages carry it: numbers and booleans as JSON numbers
 * and booleans (a float that is not finite as its text), every other value as {@link ExportFormat#text} writes it.
 */
final class JsonRows {
    private JsonRows() {}

    static void write(JsonGenerator generator, List<String> columns, Object[] row) throws IOException {
        generator.writeStartObject();
        for (int i = 0; i < row.length; i++) {
            generator.writeFieldName(columns.get(i));
            Object value = row[i];
            if (value == null) {
                generator.writeNull();
            } else if (value instanceof Boolean bool) {
                generator.writeBoolean(bool);
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte) {
                generator.writeNumber(((Number) value).longValue());
            } else if (value instanceof BigDecimal decimal) {
                generator.writeNumber(decimal);
            } else if (value instanceof BigInteger big) {
                generator.writeNumber(big);
            } else if (value instanceof Double || value instanceof Float) {
                double number = ((Number) value).doubleValue();
                if (Double.isFinite(number)) {
                    generator.writeNumber(number);
                } else {
                    generator.writeString(Double.toString(number));
                }
            } else {
                generator.writeString(ExportFormat.text(value));
            }
        }
        generator.writeEndObject();
    }
}

package dev.pipit.scheduler.pipe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pipit.scheduler.project.SinkSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes rows as a sink's {@code EXPORT_FORMAT} says, one row at a time onto a stream. CSV has a header line and
 * quotes a value only when it must (RFC 4180); NDJSON writes one object per line with numbers and booleans as JSON
 * numbers and booleans. Dates and times are written as ISO text with a space, as ClickHouse prints them.
 */
abstract class ExportFormat implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    static ExportFormat open(SinkSpec.Format format, OutputStream out, List<String> columns) throws IOException {
        return format == SinkSpec.Format.CSV ? new Csv(out, columns) : new Ndjson(out, columns);
    }

    abstract void write(Object[] row) throws IOException;

    /** Flushes what is buffered onto the stream and closes it. */
    @Override
    public abstract void close() throws IOException;

    static String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString().replace('T', ' ');
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.atZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime().toString().replace('T', ' ');
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.toString().replace('T', ' ');
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    private static final class Csv extends ExportFormat {
        private final Writer writer;

        Csv(OutputStream out, List<String> columns) throws IOException {
            this.writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            write(columns.toArray());
        }

        @Override
        void write(Object[] row) throws IOException {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    writer.write(',');
                }
                if (row[i] != null) {
                    writer.write(quoted(text(row[i])));
                }
            }
            writer.write('\n');
        }

        private static String quoted(String value) {
            if (value.isEmpty() || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
            return value;
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    private static final class Ndjson extends ExportFormat {
        private final JsonGenerator generator;
        private final List<String> columns;

        Ndjson(OutputStream out, List<String> columns) throws IOException {
            this.generator = JSON.createGenerator(out);
            this.generator.setRootValueSeparator(null);
            this.columns = columns;
        }

        @Override
        void write(Object[] row) throws IOException {
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
                } else if (value instanceof java.math.BigInteger big) {
                    generator.writeNumber(big);
                } else if (value instanceof Double || value instanceof Float) {
                    double number = ((Number) value).doubleValue();
                    if (Double.isFinite(number)) {
                        generator.writeNumber(number);
                    } else {
                        generator.writeString(Double.toString(number));
                    }
                } else {
                    generator.writeString(text(value));
                }
            }
            generator.writeEndObject();
            generator.writeRaw('\n');
        }

        @Override
        public void close() throws IOException {
            generator.close();
        }
    }
}

package dev.pipit.scheduler.pipe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pipit.scheduler.project.SinkSpec;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatWriter;
import dev.pipit.spi.format.WriteColumn;
import dev.pipit.spi.format.WriteOptions;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes rows as a sink's {@code EXPORT_FORMAT} says, one row at a time onto a stream. CSV has a header line and
 * quotes a value only when it must (RFC 4180); NDJSON writes one object per line with numbers and booleans as JSON
 * numbers and booleans. Dates and times are written as ISO text with a space, as ClickHouse prints them.
 */
abstract class ExportFormat implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private static final int BUFFER_BYTES = 64 * 1024;

    /**
     * Opens the writer of one file of {@code sink}'s format onto {@code out}: CSV and NDJSON written here, gzipped
     * whole when the sink asks; other formats by their plugin, which compresses inside the file as its format
     * defines.
     *
     * @param plugin the format's plugin, for formats not written here; {@code null} for CSV and NDJSON
     * @param target the object's URI, for the plugin's messages
     */
    static ExportFormat open(SinkSpec sink, OutputStream out, List<WriteColumn> columns, FormatFactory plugin,
            String target) throws IOException {
        boolean gzip = sink.compression() == SinkSpec.Compression.GZ;
        if (!sink.format().writtenByCore()) {
            return new Written(plugin.openWriter(new BufferedOutputStream(out, BUFFER_BYTES),
                    new WriteOptions(target, columns, gzip)), columns);
        }
        OutputStream stream = new BufferedOutputStream(gzip ? new GZIPOutputStream(out, BUFFER_BYTES) : out,
                BUFFER_BYTES);
        List<String> names = columns.stream().map(WriteColumn::name).toList();
        return sink.format() == SinkSpec.Format.CSV ? new Csv(stream, names) : new Ndjson(stream, names);
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

    /** A format a plugin writes, with each value in the Java type its column's type promises. */
    private static final class Written extends ExportFormat {
        private final FormatWriter writer;
        private final List<WriteColumn> columns;

        Written(FormatWriter writer, List<WriteColumn> columns) {
            this.writer = writer;
            this.columns = columns;
        }

        @Override
        void write(Object[] row) throws IOException {
            Object[] typed = new Object[row.length];
            for (int i = 0; i < row.length; i++) {
                typed[i] = ExportColumns.value(columns.get(i), row[i]);
            }
            writer.write(typed);
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    private static final class Csv extends ExportFormat {
        private final Writer writer;

        Csv(OutputStream out, List<String> columns) throws IOException {
            // Buffered before the encoder: it is costly per call, and a row is a dozen small writes.
            this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER_BYTES);
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
            return value.isEmpty() || needsQuotes(value) ? '"' + value.replace("\"", "\"\"") + '"' : value;
        }

        private static boolean needsQuotes(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                    return true;
                }
            }
            return false;
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
            JsonRows.write(generator, columns, row);
            generator.writeRaw('\n');
        }

        @Override
        public void close() throws IOException {
            generator.close();
        }
    }
}

package dev.pipit.plugin.ndjson;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NdjsonFormatReaderTest {
    private static final String SOURCE = "file:///inbox/events.ndjson";

    private final NdjsonFormatFactory format = new NdjsonFormatFactory();

    @Test
    void readsEachLineAsAnObjectOfJdkValues() throws IOException {
        String text = """
                {"id": 1, "name": "Ann", "score": 0.1, "ok": true, "tags": ["a", "b"], "visitor": {"id": "v1"}, \
                "gone": null}
                {"id": 12345678901234567890, "name": "Bob"}
                """;

        try (FormatReader reader = open(text)) {
            assertThat(reader.fieldNames()).isEmpty();
            assertThat(reader.positional()).isFalse();
            SourceRow first = reader.read();
            assertThat(first.field("id")).isEqualTo(1L);
            assertThat(first.field("name")).isEqualTo("Ann");
            assertThat(first.field("score")).isEqualTo(new BigDecimal("0.1"));
            assertThat(first.field("ok")).isEqualTo(true);
            assertThat(first.field("tags")).isEqualTo(List.of("a", "b"));
            assertThat(first.field("visitor")).isEqualTo(Map.of("id", "v1"));
            assertThat(first.field("gone")).isNull();
            assertThat(first.field("missing")).isNull();
            assertThat(first.fieldNames()).containsExactly("id", "name", "score", "ok", "tags", "visitor", "gone");
            assertThat(first.fieldCount()).isEqualTo(7);
            assertThat(first.field(1)).isEqualTo("Ann");
            assertThat(first.field(7)).isNull();
            assertThat(first.line()).isEqualTo(1);
            assertThat(first.error()).isNull();
            assertThat(first.rawText()).startsWith("{\"id\": 1,").endsWith("\"gone\": null}");
            SourceRow second = reader.read();
            assertThat(second.field("id")).isEqualTo(new BigDecimal("12345678901234567890"));
            assertThat(second.line()).isEqualTo(2);
            assertThat(reader.read()).isNull();
        }
    }

    @Test
    void aBrokenLineCarriesItsReasonAndTextAndTheNextLineStillReads() throws IOException {
        String text = "{\"id\": 1}\n{\"id\": 2,\n[1, 2]\n\"text\"\n{\"id\": 3} {\"id\": 4}\n{\"id\": 5}\n";

        try (FormatReader reader = open(text)) {
            List<SourceRow> records = readAll(reader);

            assertThat(records).extracting(SourceRow::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(records.get(1).error()).startsWith("invalid JSON: ");
            assertThat(records.get(1).rawText()).isEqualTo("{\"id\": 2,");
            assertThat(records.get(1).field("id")).isNull();
            assertThat(records.get(1).fieldNames()).isEmpty();
            assertThat(records.get(2).error()).isEqualTo("expected a JSON object, found an array");
            assertThat(records.get(3).error()).isEqualTo("expected a JSON object, found a string");
            assertThat(records.get(4).error())
                    .isEqualTo("expected one JSON object per line, found more after the object");
            assertThat(records.get(5).error()).isNull();
            assertThat(records.get(5).field("id")).isEqualTo(5L);
        }
    }

    @Test
    void aLineNestedAHundredThousandDeepIsQuarantinedWithTheLimitAndTheNextLineStillReads() throws IOException {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        try (FormatReader reader = open("{\"a\": 1}\n" + deep + "\n{\"a\": 2}\n")) {
            assertThat(reader.read().field("a")).isEqualTo(1L);
            SourceRow tooDeep = reader.read();
            assertThat(tooDeep.error()).isEqualTo("objects and arrays nested deeper than 1000 levels, more than Pipit"
                    + " reads");
            assertThat(reader.read().field("a")).isEqualTo(2L);
        }
    }

    @Test
    void skipsBlankLinesButCountsThem() throws IOException {
        try (FormatReader reader = open("\n{\"a\": 1}\r\n   \r\n\n{\"a\": 2}")) {
            List<SourceRow> records = readAll(reader);

            assertThat(records).extracting(SourceRow::line).containsExactly(2L, 5L);
            assertThat(records.get(0).rawText()).isEqualTo("{\"a\": 1}");
            assertThat(records.get(1).field("a")).isEqualTo(2L);
        }
    }

    @Test
    void removesAByteOrderMark() throws IOException {
        try (FormatReader reader = open("\uFEFF{\"a\": 1}\n")) {
            SourceRow record = reader.read();

            assertThat(record.error()).isNull();
            assertThat(record.rawText()).isEqualTo("{\"a\": 1}");
        }
    }

    @Test
    void anEmptyFileHasNoRecords() throws IOException {
        try (FormatReader reader = open("")) {
            assertThat(reader.read()).isNull();
        }
    }

    @Test
    void aFileWhoseFirstLineIsNoObjectIsNotNdjson() {
        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> open("\nid,name\n1,Ann\n"))
                .withMessageStartingWith(SOURCE + ":2: not an NDJSON file, its first line is not a JSON object (");
    }

    @Test
    void aFileThatIsNotUtf8FailsNamingTheLine() {
        byte[] bytes = "{\"name\": \"caf\u00e9\"}\n".getBytes(ISO_8859_1);

        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> readAll(format.open(new ByteArrayInputStream(bytes), options())))
                .withMessage(SOURCE + ": not UTF-8 text at or after line 1; NDJSON files must be UTF-8");
    }

    @Test
    void aLineLongerThanTheLimitFailsTheFileWithItsNumber() throws IOException {
        String text = "{\"a\": 1}\n{\"a\": \"" + "x".repeat(100) + "\"}\n";
        LineReader lines = new LineReader(new StringReader(text), SOURCE, 50);
        NdjsonFormatReader reader = NdjsonFormatReader.open(lines, SOURCE);

        assertThat(reader.read().field("a")).isEqualTo(1L);
        assertThatExceptionOfType(IOException.class)
                .isThrownBy(reader::read)
                .withMessage(SOURCE + ":2: a line is longer than 50 characters; "
                        + "NDJSON needs a line break after each object");
    }

    @Test
    void readsALargeFileOneLineAtATime() throws IOException {
        InputStream lines = new InputStream() {
            private static final int LINES = 200_000;
            private final byte[] line = "{\"id\": 7, \"name\": \"a name of some length\"}\n".getBytes(UTF_8);
            private long position;

            @Override
            public int read() {
                if (position >= (long) LINES * line.length) {
                    return -1;
                }
                return line[(int) (position++ % line.length)];
            }
        };
        long count = 0;
        try (FormatReader reader = format.open(lines, options())) {
            SourceRow record;
            while ((record = reader.read()) != null) {
                assertThat(record.error()).isNull();
                count++;
            }
        }
        assertThat(count).isEqualTo(200_000);
    }

    private FormatReader open(String text) throws IOException {
        return format.open(new ByteArrayInputStream(text.getBytes(UTF_8)), options());
    }

    private static FormatOptions options() {
        return new FormatOptions(SOURCE, "ndjson", List.of(), List.of());
    }

    private static List<SourceRow> readAll(FormatReader reader) throws IOException {
        List<SourceRow> records = new ArrayList<>();
        SourceRow record;
        while ((record = reader.read()) != null) {
            records.add(record);
        }
        return records;
    }
}

package dev.pipit.plugin.csv;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatReaderTest {
    @TempDir
    Path folder;

    private final CsvFormatFactory format = new CsvFormatFactory();

    @Test
    void readsARealisticExportWithAHeader() throws IOException {
        Path file = write("orders.csv", """
                order_id,customer,amount,created_at
                1001,Ann Lee,19.99,2024-05-01T10:15:00Z
                1002,"Lee, Bob",5,2024-05-01T10:16:00Z
                """);

        try (FormatReader reader = open(file)) {
            assertThat(reader.fieldNames()).containsExactly("order_id", "customer", "amount", "created_at");
            SourceRow first = reader.read();
            assertThat(first.field("customer")).isEqualTo("Ann Lee");
            assertThat(first.field("amount")).isEqualTo("19.99");
            assertThat(first.field("missing")).isNull();
            assertThat(first.line()).isEqualTo(2);
            assertThat(first.error()).isNull();
            SourceRow second = reader.read();
            assertThat(values(second)).containsExactly("1002", "Lee, Bob", "5", "2024-05-01T10:16:00Z");
            assertThat(second.line()).isEqualTo(3);
            assertThat(reader.read()).isNull();
        }
    }

    @Test
    void readsAFileWithoutAHeaderFromItsFirstLine() throws IOException {
        Path file = write("no-header.csv", "1001,19.99\n1002,5\n");

        try (FormatReader reader = open(file)) {
            assertThat(reader.fieldNames()).isEmpty();
            List<SourceRow> records = readAll(reader);
            assertThat(records).extracting(SourceRow::line).containsExactly(1L, 2L);
            assertThat(records.get(0).field(0)).isEqualTo("1001");
            assertThat(records.get(0).field("1001")).isNull();
        }
    }

    @Test
    void readsBackslashNAsNoValueQuotedOrNot() throws IOException {
        Path file = write("export.csv", "id,nickname,note\n1,\\N,\"\\N\"\n2,\\Nick,\"a \\N inside\"\n");

        try (FormatReader reader = open(file)) {
            List<SourceRow> records = readAll(reader);
            assertThat(values(records.get(0))).containsExactly("1", null, null);
            assertThat(records.get(0).rawText()).isEqualTo("1,\\N,\"\\N\"");
            assertThat(values(records.get(1))).containsExactly("2", "\\Nick", "a \\N inside");
        }
    }

    @Test
    void takesAnAllTextFirstRowAsAHeaderOnlyWhenItNamesTheColumns() throws IOException {
        Path file = write("places.csv", "country,city\nSpain,Madrid\n");

        try (FormatReader guessed = format.open(Files.newInputStream(file), options(file))) {
            assertThat(guessed.fieldNames()).isEmpty();
            assertThat(readAll(guessed)).hasSize(2);
        }
        FormatOptions named = new FormatOptions(file.toString(), "csv", List.of("country", "city"), List.of());
        try (FormatReader told = format.open(Files.newInputStream(file), named)) {
            assertThat(told.fieldNames()).containsExactly("country", "city");
            assertThat(readAll(told)).hasSize(1);
        }
    }

    @Test
    void detectsTabSemicolonAndPipeDelimiters() throws IOException {
        for (String delimiter : List.of("\t", ";", "|")) {
            Path file = write("d.csv", String.join(delimiter, "id", "note") + "\n"
                    + String.join(delimiter, "1", "a, b") + "\n");

            try (FormatReader reader = open(file)) {
                assertThat(reader.fieldNames()).as("delimiter %s", delimiter).containsExactly("id", "note");
                assertThat(values(reader.read())).containsExactly("1", "a, b");
            }
        }
    }

    @Test
    void tellsTheDialectItDetected() throws IOException {
        Path headed = write("headed.csv", "id;note\r\n1;a\r\n");
        Path bare = write("bare.csv", "1\t2026-11-01\n2\t2026-11-02\n");

        try (FormatReader reader = open(headed)) {
            assertThat(reader.dialect()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("delimiter", ";", "header", "true", "line_separator", "CRLF"));
        }
        try (FormatReader reader = open(bare)) {
            assertThat(reader.dialect()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("delimiter", "tab", "header", "false", "line_separator", "LF"));
        }
    }

    @Test
    void followsRfc4180QuotingWithEmbeddedQuotesAndLineBreaks() throws IOException {
        Path file = write("quotes.csv", "id,text\r\n"
                + "1,\"she said \"\"hi\"\"\"\r\n"
                + "2,\"two\r\nlines\"\r\n"
                + "3,\"three\nmore\nlines\"\r\n"
                + "4,after\r\n");

        try (FormatReader reader = open(file)) {
            List<SourceRow> records = readAll(reader);
            assertThat(records).extracting(record -> record.field("text"))
                    .containsExactly("she said \"hi\"", "two\r\nlines", "three\nmore\nlines", "after");
            assertThat(records).extracting(SourceRow::line).containsExactly(2L, 3L, 5L, 8L);
            assertThat(records.get(1).rawText()).isEqualTo("2,\"two\r\nlines\"");
        }
    }

    @Test
    void readsCrlfAndLfFilesAlike() throws IOException {
        Path crlf = write("crlf.csv", "id,name\r\n1,ann\r\n2,bob\r\n");
        Path lf = write("lf.csv", "id,name\n1,ann\n2,bob\n");

        try (FormatReader windows = open(crlf); FormatReader unix = open(lf)) {
            assertThat(windows.fieldNames()).isEqualTo(unix.fieldNames()).containsExactly("id", "name");
            assertThat(readAll(windows)).extracting(CsvFormatReaderTest::values)
                    .containsExactly(List.of("1", "ann"), List.of("2", "bob"));
        }
    }

    @Test
    void anEmptyFileHasNoRecords() throws IOException {
        for (String content : List.of("", "\uFEFF", "\n\n")) {
            try (FormatReader reader = open(write("empty.csv", content))) {
                assertThat(reader.fieldNames()).isEmpty();
                assertThat(reader.read()).isNull();
            }
        }
    }

    @Test
    void readsALastLineWithoutLineBreak() throws IOException {
        try (FormatReader reader = open(write("last.csv", "id,amount\n1,2\n2,3"))) {
            assertThat(readAll(reader)).extracting(CsvFormatReaderTest::values)
                    .containsExactly(List.of("1", "2"), List.of("2", "3"));
        }
    }

    @Test
    void marksARecordWithTooManyFieldsAndPadsOneWithTooFew() throws IOException {
        try (FormatReader reader = open(write("ragged.csv", "id,name,amount\n1,ann,2\n2,bob,3,extra\n3,cy\n"))) {
            List<SourceRow> records = readAll(reader);
            assertThat(records.get(0).error()).isNull();
            SourceRow tooMany = records.get(1);
            assertThat(tooMany.error()).isEqualTo("expected 3 fields, found 4");
            assertThat(tooMany.rawText()).isEqualTo("2,bob,3,extra");
            assertThat(tooMany.line()).isEqualTo(3);
            SourceRow tooFew = records.get(2);
            assertThat(tooFew.error()).isNull();
            assertThat(tooFew.fieldCount()).isEqualTo(2);
            assertThat(tooFew.field("amount")).isNull();
            assertThat(tooFew.field(2)).isNull();
        }
    }

    @Test
    void marksAQuoteLeftOpenToTheEndOfTheFile() throws IOException {
        try (FormatReader reader = open(write("open.csv", "id,name,amount\n1,ann,2\n2,\"bob,3\n3,cy,4\n"))) {
            List<SourceRow> records = readAll(reader);
            assertThat(records).hasSize(2);
            assertThat(records.get(0).error()).isNull();
            assertThat(records.get(1).line()).isEqualTo(3);
            assertThat(records.get(1).error())
                    .isEqualTo("a quote opened on line 3 is never closed, so the rest of the file ran into one field");
        }
    }

    /** On the last line the open quote swallows only the file's last line break, which is still not the record's. */
    @Test
    void marksAQuoteLeftOpenOnTheLastLine() throws IOException {
        for (String end : List.of("\n", "\r\n")) {
            try (FormatReader reader = open(write("last.csv", "id,name" + end + "1,ann" + end + "\"2,bob" + end))) {
                List<SourceRow> records = readAll(reader);
                assertThat(records).hasSize(2);
                assertThat(records.get(1).error()).as("line ending %s", end.length())
                        .isEqualTo("a quote opened on line 3 is never closed, so the rest of the file ran into one"
                                + " field");
            }
        }
    }

    /** A quote inside an unquoted field is a character of it, however many there are. */
    @Test
    void keepsAnOddQuoteInsideAnUnquotedFieldUnmarked() throws IOException {
        try (FormatReader reader = open(write("inside.csv", "id,name\n1,5\" screen\n"))) {
            assertThat(readAll(reader)).singleElement().satisfies(record -> {
                assertThat(record.error()).isNull();
                assertThat(record.field("name")).isEqualTo("5\" screen");
            });
        }
    }

    /** Lines are counted through quoted line breaks, blank lines and quotes without breaks, in both line endings. */
    @Test
    void countsLinesPastQuotedLineBreaksAndBlankLines() throws IOException {
        for (String end : List.of("\n", "\r\n")) {
            String text = String.join(end, "id,name", "1,\"a", "b\"", "", "2,\"x\"", "3,plain", "");
            try (FormatReader reader = open(write("lines.csv", text))) {
                assertThat(readAll(reader)).extracting(SourceRow::line).as("line ending %s", end.length())
                        .containsExactly(2L, 5L, 6L);
            }
        }
    }

    @Test
    void keepsAQuotedLineBreakWithAnEscapedQuoteUnmarked() throws IOException {
        try (FormatReader reader = open(write("ok.csv", "id,name\n1,\"say \"\"hi\"\"\nthere\"\n"))) {
            assertThat(readAll(reader)).singleElement().satisfies(record -> assertThat(record.error()).isNull());
        }
    }

    @Test
    void withoutAHeaderTheFirstRecordSetsTheWidth() throws IOException {
        try (FormatReader reader = open(write("ragged.csv", "1,2\n3,4,5\n"))) {
            assertThat(readAll(reader)).extracting(SourceRow::error).containsExactly(null, "expected 2 fields, found 3");
        }
    }

    @Test
    void removesTheByteOrderMark() throws IOException {
        try (FormatReader reader = open(write("bom.csv", "\uFEFFid,name\n1,ann\n"))) {
            assertThat(reader.fieldNames()).containsExactly("id", "name");
        }
    }

    @Test
    void keepsEmptyFieldsAsEmptyStringsAndSpacesAsWritten() throws IOException {
        try (FormatReader reader = open(write("empty-fields.csv", "id,a,b,c\n1,,\"\", x \n"))) {
            assertThat(values(reader.read())).containsExactly("1", "", "", " x ");
        }
    }

    @Test
    void skipsBlankLinesButCountsThem() throws IOException {
        try (FormatReader reader = open(write("blank.csv", "id,name\n\n1,ann\r\n\r\n\n2,bob\n"))) {
            assertThat(readAll(reader)).extracting(SourceRow::line).containsExactly(3L, 6L);
        }
    }

    @Test
    void readsAHashAsDataNotAsAComment() throws IOException {
        try (FormatReader reader = open(write("hash.csv", "tag,count\n#java,3\n"))) {
            assertThat(values(reader.read())).containsExactly("#java", "3");
        }
    }

    @Test
    void refusesABinaryFile() throws IOException {
        Path zip = folder.resolve("archive.csv");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 0, 0, 'x'});

        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> open(zip))
                .withMessageStartingWith(zip + ": not a text file");
    }

    @Test
    void refusesAFileThatIsNotUtf8() throws IOException {
        Path latin1 = folder.resolve("latin1.csv");
        Files.write(latin1, "name\nJos\u00e9\n".getBytes(ISO_8859_1));

        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> open(latin1))
                .withMessageStartingWith(latin1 + ": not a text file");
    }

    @Test
    void acceptsACharacterSplitByTheEndOfTheSample() throws IOException {
        String before = "x".repeat(TextSample.SAMPLE_BYTES - 1);
        try (FormatReader reader = open(write("split.csv", before + "é\n"))) {
            assertThat(reader.read().field(0)).isEqualTo(before + "é");
        }
    }

    @Test
    void importsATenMegabyteLine() throws IOException {
        String big = "y".repeat(10 * 1024 * 1024);
        try (FormatReader reader = open(write("big.csv", "id,blob\n1,\"" + big + "\"\n2,small\n"))) {
            assertThat(reader.read().field("blob")).isEqualTo(big);
            assertThat(reader.read().line()).isEqualTo(3);
        }
    }

    @Test
    void stopsARunawayQuoteAtTheRecordLimitNamingItsLine() throws IOException {
        InputStream endless = new InputStream() {
            private final byte[] start = "id,text\n1,ok\n2,\"never closed".getBytes(UTF_8);
            private int position;

            @Override
            public int read() {
                return position < start.length ? start[position++] : 'z';
            }
        };

        try (FormatReader reader = format.open(endless,
                new FormatOptions("s3://bkt/runaway.csv", "csv", List.of(), List.of()))) {
            assertThat(reader.read().line()).isEqualTo(2);
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(reader::read)
                    .withMessageStartingWith("s3://bkt/runaway.csv:3: a record is longer than");
        }
    }

    @Test
    void closesTheInput() throws IOException {
        boolean[] closed = {false};
        InputStream input = new FilterInputStream(Files.newInputStream(write("c.csv", "id\n1\n"))) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };

        format.open(input, new FormatOptions("c.csv", "csv", List.of(), List.of())).close();

        assertThat(closed[0]).isTrue();
    }

    @Test
    void closesTheInputWhenItRefusesTheFile() {
        boolean[] closed = {false};
        InputStream input = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };

        assertThatExceptionOfType(IOException.class)
                .isThrownBy(() -> format.open(input, new FormatOptions("nul.csv", "csv", List.of(), List.of())));
        assertThat(closed[0]).isTrue();
    }

    private Path write(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, content, UTF_8);
        return file;
    }

    private FormatReader open(Path file) throws IOException {
        return format.open(Files.newInputStream(file), options(file));
    }

    private static FormatOptions options(Path file) {
        String name = file.getFileName().toString();
        return new FormatOptions(file.toString(), name.substring(name.lastIndexOf('.') + 1), List.of(), List.of());
    }

    private static List<SourceRow> readAll(FormatReader reader) throws IOException {
        List<SourceRow> records = new ArrayList<>();
        for (SourceRow record = reader.read(); record != null; record = reader.read()) {
            records.add(record);
        }
        return records;
    }

    private static List<Object> values(SourceRow record) {
        Object[] values = new Object[record.fieldCount()];
        Arrays.setAll(values, record::field);
        return Arrays.asList(values);
    }
}

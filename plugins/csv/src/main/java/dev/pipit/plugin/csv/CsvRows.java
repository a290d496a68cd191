package dev.pipit.plugin.csv;

import static java.util.Objects.requireNonNull;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * The records of a CSV stream, each with the line it starts on and its original text: univocity configured
 * for RFC 4180 as files arrive, with its exceptions turned into {@link IOException}s that name the line.
 */
final class CsvRows implements Closeable {
    /** univocity's read-ahead; small enough to stream, large enough that parsing is not dominated by reads. */
    static final int INPUT_BUFFER_CHARS = 64 * 1024;

    /** Far more than any real file; only a broken one (a runaway delimiter) reaches it. */
    private static final int MAX_FIELDS = 16 * 1024;

    /**
     * One record as read.
     *
     * @param values the fields in file order; never {@code null} elements
     * @param line the 1-based line the record starts on
     * @param spansLines whether the record's text holds a line break before its end (inside quotes)
     * @param text the record's text as read, its line break included
     */
    record Row(String[] values, long line, boolean spansLines, String text) {
        Row {
            requireNonNull(values, "values is null");
            requireNonNull(text, "text is null");
        }

        /** The record's text without its line break, made when asked: only a quarantined record's is. */
        String rawText() {
            return withoutLineBreak(text);
        }
    }

    private final RecordSizeLimit input;
    private final CsvParser parser;
    private final String source;
    private final CsvDialect dialect;
    private long nextLine = 1;

    CsvRows(Reader text, CsvDialect dialect, String source, int maxRecordChars) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.input = new RecordSizeLimit(text, maxRecordChars);
        this.source = requireNonNull(source, "source is null");
        this.parser = new CsvParser(settings(dialect));
        parser.beginParsing(input);
    }

    CsvDialect dialect() {
        return dialect;
    }

    private static CsvParserSettings settings(CsvDialect dialect) {
        CsvParserSettings settings = new CsvParserSettings();
        settings.getFormat().setDelimiter(dialect.delimiter());
        settings.getFormat().setLineSeparator(dialect.lineSeparator());
        settings.getFormat().setQuote('"');
        settings.getFormat().setQuoteEscape('"');
        settings.setLineSeparatorDetectionEnabled(false);
        // '#' starts a comment by default; in data files it starts values.
        settings.setCommentProcessingEnabled(false);
        // The header is decided by HeaderRule, never by the parser.
        settings.setHeaderExtractionEnabled(false);
        // Blank lines are skipped here, so their line numbers are still counted.
        settings.setSkipEmptyLines(false);
        // RFC 4180: spaces are part of a field, and line breaks inside quotes are kept as written.
        settings.setIgnoreLeadingWhitespaces(false);
        settings.setIgnoreTrailingWhitespaces(false);
        settings.setNormalizeLineEndingsWithinQuotes(false);
        // Empty is "" whether quoted or not; what empty means is the column type's business, in the core.
        settings.setNullValue("");
        settings.setEmptyValue("");
        // Unlimited here because univocity would allocate the whole limit up front; RecordSizeLimit bounds it.
        settings.setMaxCharsPerColumn(-1);
        settings.setMaxColumns(MAX_FIELDS);
        settings.setInputBufferSize(INPUT_BUFFER_CHARS);
        // Reading on the caller's thread keeps RecordSizeLimit's count in step with the records.
        settings.setReadInputOnSeparateThread(false);
        return settings;
    }

    /** The next non-blank record, or {@code null} at the end of the stream. */
    Row next() throws IOException {
        while (true) {
            long line = nextLine;
            input.startRecord();
            String[] values;
            try {
                values = parser.parseNext();
            } catch (TextParsingException e) {
                throw failure(line, e);
            }
            if (values == null) {
                return null;
            }
            String content = parser.getContext().currentParsedContent();
            String text = content == null ? "" : content;
            // Lines are counted from the text, not from univocity's counter, which skips breaks inside quotes.
            int breaks = lineBreaks(text, values);
            nextLine += breaks;
            if (!isBlank(text)) {
                return new Row(values, line, breaks > (text.endsWith("\n") ? 1 : 0), text);
            }
        }
    }

    @Override
    public void close() {
        parser.stopParsing();
    }

    private IOException failure(long line, TextParsingException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordSizeLimit.RecordTooLongException) {
                return new IOException(source + ":" + line + ": " + cause.getMessage(), e);
            }
            if (cause instanceof IOException) {
                // univocity reads ahead, so the bad bytes may lie some lines after the record being parsed.
                return new IOException(source + ": cannot read at or after line " + line + ": " + cause, e);
            }
        }
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return new IOException(source + ":" + line + ": " + (end < 0 ? message : message.substring(0, end)), e);
    }

    /**
     * The line breaks in a record's text. A record without quotes is its fields, its delimiters and its line
     * break, so its text is exactly that long and its one break (if any) ends it: that is told from the lengths,
     * where scanning every record's text again was a tenth of reading a file. The lengths can also match when a
     * quote left open took the rest of the file, line breaks and all, into its field (one quote character where
     * the break would be); then the last field ends with a line break, which no field without quotes can, and the
     * text is scanned, as is every other record with quotes, in a plain loop (a stream per record showed up in the
     * import's profile).
     */
    private int lineBreaks(String content, String[] values) {
        String separator = dialect.lineSeparator();
        if (separator.endsWith("\n") && values.length > 0 && !values[values.length - 1].endsWith("\n")) {
            int unquoted = values.length - 1;
            for (String value : values) {
                unquoted += value.length();
            }
            int rest = content.length() - unquoted;
            if (rest == 0) {
                return 0;
            }
            if (rest == separator.length() && content.endsWith(separator)) {
                return 1;
            }
        }
        int count = 0;
        for (int i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', i + 1)) {
            count++;
        }
        return count;
    }

    /** A line with nothing on it but its line break. */
    private static boolean isBlank(String content) {
        return content.length() <= 2 && withoutLineBreak(content).isEmpty();
    }

    private static String withoutLineBreak(String content) {
        int end = content.length();
        if (end > 0 && content.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && content.charAt(end - 1) == '\r') {
            end--;
        }
        return content.substring(0, end);
    }
}

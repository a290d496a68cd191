package dev.pipit.plugin.csv;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file record by record, holding at most the first two records at once: it must see them before
 * {@link #fieldNames()} can say whether the file has a header.
 *
 * <p>A record with more fields than the file's width (the header's, or the first record's when there is no
 * header) carries an {@link SourceRow#error()} so the core quarantines it; a record with fewer fields is returned
 * as is, and its missing fields read as {@code null}.
 */
final class CsvFormatReader implements FormatReader {
    private final CsvRows rows;
    private final List<String> fieldNames;
    private final Map<String, Integer> positions;
    private final int width;
    private final Deque<CsvRows.Row> lookahead;

    private CsvFormatReader(CsvRows rows, List<String> fieldNames, int width, Deque<CsvRows.Row> lookahead) {
        this.rows = requireNonNull(rows, "rows is null");
        this.fieldNames = List.copyOf(fieldNames);
        this.width = width;
        this.lookahead = requireNonNull(lookahead, "lookahead is null");
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < fieldNames.size(); i++) {
            byName.put(fieldNames.get(i), i);
        }
        this.positions = Map.copyOf(byName);
    }

    /** Reads the first records and decides on the header; see {@link HeaderRule}. */
    static CsvFormatReader open(CsvRows rows, List<String> columnNames) throws IOException {
        CsvRows.Row first = rows.next();
        CsvRows.Row second = first == null ? null : rows.next();
        Deque<CsvRows.Row> lookahead = new ArrayDeque<>(2);
        if (second != null) {
            lookahead.add(second);
        }
        if (first == null) {
            return new CsvFormatReader(rows, List.of(), 0, lookahead);
        }
        if (HeaderRule.isHeader(first.values(), second == null ? null : second.values(), columnNames)) {
            List<String> names = new ArrayList<>();
            for (String value : first.values()) {
                names.add(value.trim());
            }
            return new CsvFormatReader(rows, names, names.size(), lookahead);
        }
        lookahead.addFirst(first);
        return new CsvFormatReader(rows, List.of(), first.values().length, lookahead);
    }

    @Override
    public List<String> fieldNames() {
        return fieldNames;
    }

    /** A file without a header maps its fields to the schema's columns in order, as Tinybird does. */
    @Override
    public boolean positional() {
        return fieldNames.isEmpty();
    }

    @Override
    public Map<String, String> dialect() {
        char delimiter = rows.dialect().delimiter();
        return Map.of(
                "delimiter", delimiter == '\t' ? "tab" : String.valueOf(delimiter),
                "header", String.valueOf(!fieldNames.isEmpty()),
                "line_separator", rows.dialect().lineSeparator().equals("\r\n") ? "CRLF" : "LF");
    }

    /** Not when a header name repeats: a record's {@code field(name)} then reads the last of its fields. */
    @Override
    public boolean recordsFollowFieldNames() {
        return !fieldNames.isEmpty() && positions.size() == fieldNames.size();
    }

    /**
     * Records are read ahead on another thread: univocity hands out a new array per record, and each record wraps its
     * own.
     */
    @Override
    public boolean recordsStayValid() {
        return true;
    }

    @Override
    public SourceRow read() throws IOException {
        CsvRows.Row row = lookahead.isEmpty() ? rows.next() : lookahead.poll();
        if (row == null) {
            return null;
        }
        String error = null;
        if (row.values().length > width) {
            error = "expected " + width + " fields, found " + row.values().length;
        } else if (quoteLeftOpen(row)) {
            error = "a quote opened on line " + row.line() + " is never closed, so the rest of the file ran into "
                    + "one field";
        }
        return new CsvRecord(row, positions, error);
    }

    /**
     * A line break inside a record can only come from a quoted field, and balanced quoting always has an even
     * number of quote characters; an odd one means the parser ran to the end of the file looking for the close,
     * swallowing every later line into this record. On the file's last line that is only the last line break, which
     * then ends the record's last value instead of the record.
     */
    private static boolean quoteLeftOpen(CsvRows.Row row) {
        boolean lineBreakInside = row.spansLines() || endsWithLineBreak(row.values());
        return lineBreakInside && row.rawText().chars().filter(c -> c == '"').count() % 2 == 1;
    }

    private static boolean endsWithLineBreak(String[] values) {
        String last = values.length == 0 ? null : values[values.length - 1];
        return last != null && (last.endsWith("\n") || last.endsWith("\r"));
    }

    @Override
    public void close() {
        rows.close();
    }
}

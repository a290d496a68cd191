package dev.pipit.spi.format;

import java.util.List;

/**
 * One row as a source delivers it: a record of a file, or a decoded message. Values are JDK types only:
 * {@code String}, {@code Long}, {@code Double}, {@code java.math.BigDecimal}, {@code Boolean}, {@code java.time}
 * values, {@code byte[]}, {@code java.util.List} and {@code java.util.Map<String, ?>} for nested data, or
 * {@code null}. Text formats return {@code String}s and leave conversion to the core.
 *
 * <p>A record is valid until the next {@link FormatReader#read()}, or for good where the reader says
 * {@link FormatReader#recordsStayValid()}.
 */
public interface SourceRow {
    /** The number of fields this record has; may differ from {@link FormatReader#fieldNames()} in a ragged file. */
    int fieldCount();

    /** The value at {@code index} in file order, or {@code null} when the record is shorter. */
    Object field(int index);

    /** The value of the named top-level field, or {@code null} when the record has none. */
    Object field(String name);

    /** Where the record starts, 1-based: the line for text formats, the row number for others. */
    long line();

    /**
     * Why this record could not be read as the format says (an invalid JSON line, an unclosed quote), or
     * {@code null} when it was read. The core quarantines such a record with this reason and goes on.
     */
    default String error() {
        return null;
    }

    /**
     * The names of this record's own top-level fields, in file order, for formats whose records each carry their
     * names and may differ from one record to the next (an NDJSON line's members). The core reads them to infer a
     * schema from a file and to notice new fields; it calls this at most once per record, on the reader's thread.
     * Empty by default, meaning "see {@link FormatReader#fieldNames()}": formats that name their fields once per
     * file (a CSV header, a Parquet schema) keep the default.
     */
    default List<String> fieldNames() {
        return List.of();
    }

    /** The record's original text, for quarantine; {@code null} where the format has none. */
    default String rawText() {
        return null;
    }
}

package dev.pipit.spi.format;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads the records of one file, in file order. Called by one thread; not required to be thread-safe.
 */
public interface FormatReader extends Closeable {
    /**
     * The field names the file declares, in file order: a CSV header, a Parquet schema's top-level columns.
     * Empty when the file declares none (CSV without a header, NDJSON): columns then map by position or by path.
     * Valid once the reader is open.
     */
    List<String> fieldNames();

    /**
     * The ClickHouse type of each of {@link #fieldNames()}, in the same order ({@code Nullable(Decimal(10, 2))}),
     * for formats whose files declare their types (a Parquet schema). Empty when the file declares none: the core
     * then guesses types from sampled records. Valid once the reader is open.
     */
    default List<String> fieldTypes() {
        return List.of();
    }

    /**
     * Whether records have only positions, no names (a CSV without a header): the core then maps the data source's
     * i-th column to the i-th field. Formats whose records carry names (NDJSON, Parquet) keep the default.
     * Valid once the reader is open.
     */
    default boolean positional() {
        return false;
    }

    /**
     * How the file is written, as the format read it, for people ({@code datasource analyze}): a CSV's
     * {@code delimiter} and {@code header}, say. Keys are lower case, values short text; empty when the format
     * has nothing to tell. Valid once the reader is open.
     */
    default Map<String, String> dialect() {
        return Map.of();
    }

    /**
     * Whether a record stays valid after later reads: each is a fresh object sharing nothing the reader goes on to
     * change. The core then reads ahead on a thread of its own while it writes the rows before, so parsing and the
     * database work at the same time; {@link #read()} is still called by one thread at a time, and
     * {@link #close()} only after the last {@code read()} returned. Formats that reuse a record between reads
     * keep the default, and are read on the run's thread.
     */
    default boolean recordsStayValid() {
        return false;
    }

    /**
     * Whether every record's {@link SourceRow#field(String) field(name)} is its {@link SourceRow#field(int)
     * field(i)} at the name's one position {@code i} in {@link #fieldNames()}: formats that name their fields once
     * per file, each name once (a CSV header, a Parquet schema). The core then finds each name's position once per
     * file instead of looking it up in every record. Formats whose records carry names of their own, or whose
     * names repeat, keep the default. Valid once the reader is open.
     */
    default boolean recordsFollowFieldNames() {
        return false;
    }

    /**
     * The next record, or {@code null} at the end of the file. May block on the input stream.
     *
     * @throws IOException if the file cannot be read any further; rows already returned stay valid, and the core
     *     rolls the whole file back
     */
    SourceRow read() throws IOException;
}

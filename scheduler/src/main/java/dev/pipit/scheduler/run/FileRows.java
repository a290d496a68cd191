package dev.pipit.scheduler.run;

import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.util.function.Function;

/**
 * A file's records, each made into what the run writes, in the file's order; they own the file's reader and close
 * it. {@link ReadAhead#of} makes them.
 *
 * @param <T> what each record is made into
 */
interface FileRows<T> extends AutoCloseable {
    /** @return the next record made into a {@code T}, or {@code null} after the last */
    T next() throws IOException;

    @Override
    void close() throws IOException;

    /** The records of {@code reader}, read and made into rows on the caller's thread. */
    static <T> FileRows<T> inline(FormatReader reader, Function<SourceRow, T> step) {
        return new FileRows<>() {
            @Override
            public T next() throws IOException {
                SourceRow record = reader.read();
                return record == null ? null : step.apply(record);
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }
}

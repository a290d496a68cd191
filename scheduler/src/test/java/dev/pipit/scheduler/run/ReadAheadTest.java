package dev.pipit.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
    @Test
    void everyRecordComesInOrderAcrossBatches() throws IOException {
        CountingReader source = new CountingReader(5_000, null, true);
        List<Long> lines = new ArrayList<>();
        try (FormatReader reader = ReadAhead.of(source, "test")) {
            assertThat(reader).isInstanceOf(ReadAhead.class);
            assertThat(reader.fieldNames()).containsExactly("n");
            SourceRow record;
            while ((record = reader.read()) != null) {
                lines.add(record.line());
            }
            assertThat(reader.read()).isNull();
        }
        assertThat(lines).hasSize(5_000).isSorted().startsWith(1L).endsWith(5_000L);
        assertThat(source.closed).isTrue();
        assertThat(source.readThreads).singleElement().matches(name -> name.startsWith("pipit-read test"));
    }

    @Test
    void aFailureArrivesAfterTheRecordsReadBeforeIt() throws IOException {
        CountingReader source = new CountingReader(1_000, new IOException("page 3 is corrupt"), true);
        try (FormatReader reader = ReadAhead.of(source, "test")) {
            for (long line = 1; line <= 1_000; line++) {
                assertThat(reader.read().line()).isEqualTo(line);
            }
            assertThatIOException().isThrownBy(reader::read).withMessage("page 3 is corrupt");
        }
    }

    @Test
    void anErrorReachesTheRunThreadAsItself() throws IOException {
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");
        try (FormatReader reader = ReadAhead.of(new CountingReader(10, error, true), "test")) {
            for (int i = 0; i < 10; i++) {
                reader.read();
            }
            assertThatThrownBy(reader::read).isSameAs(error);
        }
    }

    @Test
    void closingEarlyStopsTheReadingThreadBeforeTheReaderCloses() throws IOException {
        CountingReader source = new CountingReader(Long.MAX_VALUE, null, true);
        FormatReader reader = ReadAhead.of(source, "test");
        reader.read();
        reader.close();
        assertThat(source.closed).isTrue();
        assertThat(source.readAfterClose.get()).isFalse();
    }

    @Test
    void readersWhoseRecordsDoNotStayValidAreReadOnTheRunThread() {
        CountingReader source = new CountingReader(3, null, false);
        assertThat(ReadAhead.of(source, "test")).isSameAs(source);
    }

    /** Numbers its records 1, 2, ... up to {@code count}, then fails with {@code failure} if there is one. */
    private static final class CountingReader implements FormatReader {
        private final long count;
        private final Throwable failure;
        private final boolean recordsStayValid;
        private final List<String> readThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicBoolean readAfterClose = new AtomicBoolean();
        private final AtomicReference<String> lastThread = new AtomicReference<>();
        private volatile boolean closed;
        private long line;

        CountingReader(long count, Throwable failure, boolean recordsStayValid) {
            this.count = count;
            this.failure = failure;
            this.recordsStayValid = recordsStayValid;
        }

        @Override
        public List<String> fieldNames() {
            return List.of("n");
        }

        @Override
        public boolean recordsStayValid() {
            return recordsStayValid;
        }

        @Override
        public SourceRow read() throws IOException {
            if (closed) {
                readAfterClose.set(true);
            }
            String thread = Thread.currentThread().getName();
            if (!thread.equals(lastThread.getAndSet(thread))) {
                readThreads.add(thread);
            }
            if (line == count) {
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof Error error) {
                    throw error;
                }
                return null;
            }
            return new Line(++line);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private record Line(long line) implements SourceRow {
        @Override
        public int fieldCount() {
            return 1;
        }

        @Override
        public Object field(int index) {
            return index == 0 ? line : null;
        }

        @Override
        public Object field(String name) {
            return name.equals("n") ? line : null;
        }
    }
}

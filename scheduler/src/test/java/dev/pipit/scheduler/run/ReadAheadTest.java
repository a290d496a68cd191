package dev.pipit.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
    @Test
    void everyRecordIsMadeIntoItsRowOnTheReadingThreadAndComesInOrder() throws IOException {
        CountingReader source = new CountingReader(5_000, null, true);
        List<Long> lines = new ArrayList<>();
        List<String> stepThreads = new CopyOnWriteArrayList<>();
        try (FileRows<Long> rows = ReadAhead.of(source, record -> {
            stepThreads.add(Thread.currentThread().getName());
            return record.line();
        }, "test")) {
            assertThat(rows).isInstanceOf(ReadAhead.class);
            Long line;
            while ((line = rows.next()) != null) {
                lines.add(line);
            }
            assertThat(rows.next()).isNull();
        }
        assertThat(lines).hasSize(5_000).isSorted().startsWith(1L).endsWith(5_000L);
        assertThat(source.closed).isTrue();
        assertThat(source.readThreads).singleElement().matches(name -> name.startsWith("pipit-read test"));
        assertThat(stepThreads).hasSize(5_000).allMatch(name -> name.startsWith("pipit-read test"));
    }

    @Test
    void aFailureArrivesAfterTheRowsMadeBeforeIt() throws IOException {
        CountingReader source = new CountingReader(1_000, new IOException("page 3 is corrupt"), true);
        try (FileRows<Long> rows = ReadAhead.of(source, SourceRow::line, "test")) {
            for (long line = 1; line <= 1_000; line++) {
                assertThat(rows.next()).isEqualTo(line);
            }
            assertThatIOException().isThrownBy(rows::next).withMessage("page 3 is corrupt");
        }
    }

    @Test
    void whatTheStepThrowsArrivesInOrderToo() throws IOException {
        CountingReader source = new CountingReader(1_000, null, true);
        IllegalStateException failure = new IllegalStateException("no row from record 700");
        try (FileRows<Long> rows = ReadAhead.of(source, record -> {
            if (record.line() == 700) {
                throw failure;
            }
            return record.line();
        }, "test")) {
            for (long line = 1; line < 700; line++) {
                assertThat(rows.next()).isEqualTo(line);
            }
            assertThatThrownBy(rows::next).isSameAs(failure);
        }
    }

    @Test
    void anErrorReachesTheRunThreadAsItself() throws IOException {
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");
        try (FileRows<Long> rows = ReadAhead.of(new CountingReader(10, error, true), SourceRow::line, "test")) {
            for (int i = 0; i < 10; i++) {
                rows.next();
            }
            assertThatThrownBy(rows::next).isSameAs(error);
        }
    }

    @Test
    void closingEarlyStopsTheReadingThreadBeforeTheReaderCloses() throws IOException {
        CountingReader source = new CountingReader(Long.MAX_VALUE, null, true);
        FileRows<Long> rows = ReadAhead.of(source, SourceRow::line, "test");
        rows.next();
        rows.close();
        assertThat(source.closed).isTrue();
        assertThat(source.readAfterClose.get()).isFalse();
    }

    @Test
    void readersWhoseRecordsDoNotStayValidAreReadAndMadeIntoRowsOnTheRunThread() throws IOException {
        CountingReader source = new CountingReader(3, null, false);
        List<String> stepThreads = new ArrayList<>();
        try (FileRows<Long> rows = ReadAhead.of(source, record -> {
            stepThreads.add(Thread.currentThread().getName());
            return record.line();
        }, "test")) {
            assertThat(rows).isNotInstanceOf(ReadAhead.class);
            assertThat(List.of(rows.next(), rows.next(), rows.next())).containsExactly(1L, 2L, 3L);
            assertThat(rows.next()).isNull();
        }
        assertThat(source.closed).isTrue();
        String runThread = Thread.currentThread().getName();
        assertThat(source.readThreads).containsExactly(runThread);
        assertThat(stepThreads).containsOnly(runThread);
    }

    /** Numbers its records 1, 2, ... up to {@code count}, then fails with {@code failure} if there is one. */
    private static final class CountingReader implements FormatReader {
        private final long count;
        private final Throwable failure;
        private final boolean recordsStayValid;
        private final List<String> readThreads = new CopyOnWriteArrayList<>();
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

package dev.pipit.scheduler.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.error.ConfigurationException;
import dev.pipit.spi.error.ErrorCategory;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoreInputTest {
    private static final Duration AN_HOUR = Duration.ofHours(1);
    private static final String LOCATION = "s3://bkt/a.csv";

    @Test
    void readsACompleteDownloadAsItIs() throws IOException {
        try (InputStream input = StoreInput.open(store(stream("abcdef")), object(6), LOCATION, AN_HOUR)) {
            assertThat(new String(input.readAllBytes(), UTF_8)).isEqualTo("abcdef");
        }
    }

    @Test
    void aDownloadEndingBeforeTheListedSizeIsAStoreFailure() throws IOException {
        try (InputStream input = StoreInput.open(store(stream("abc")), object(6), LOCATION, AN_HOUR)) {
            assertThatExceptionOfType(StoreReadException.class)
                    .isThrownBy(input::readAllBytes)
                    .withMessage("the download of s3://bkt/a.csv ended after 3 of its 6 bytes");
        }
    }

    @Test
    void aBrokenReadIsAStoreFailureNamingHowFarItGot() throws IOException {
        InputStream breaking = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ == 2) {
                    throw new SocketTimeoutException("Read timed out");
                }
                return 'x';
            }
        };
        try (InputStream input = StoreInput.open(store(breaking), object(6), LOCATION, AN_HOUR)) {
            assertThatExceptionOfType(StoreReadException.class)
                    .isThrownBy(() -> {
                        while (input.read() >= 0) {
                            // drain
                        }
                    })
                    .withMessage("the download of s3://bkt/a.csv broke off after 2 bytes: Read timed out");
        }
    }

    @Test
    void aFailureToOpenIsAStoreFailureButAMissingObjectIsNot() {
        ObjectStore refusing = store(null);
        assertThatExceptionOfType(StoreReadException.class)
                .isThrownBy(() -> StoreInput.open(refusing, object(6), LOCATION, AN_HOUR))
                .withMessage("503 Slow Down");
        ObjectStore empty = new FakeStore(null) {
            @Override
            public InputStream open(ObjectRef object) throws IOException {
                throw new FileNotFoundException("s3://bkt/a.csv does not exist (any more)");
            }
        };
        assertThatExceptionOfType(FileNotFoundException.class)
                .isThrownBy(() -> StoreInput.open(empty, object(6), LOCATION, AN_HOUR));
    }

    @Test
    void aReadAfterTheFileTimeoutFailsForGoodNotAsAStoreFailure() throws Exception {
        try (InputStream input = StoreInput.open(store(stream("abcdef")), object(6), LOCATION, Duration.ofNanos(1))) {
            Thread.sleep(2);
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(input::read)
                    .withMessageStartingWith("reading s3://bkt/a.csv took longer than import.file-timeout (PT0.000000001S)")
                    .isNotInstanceOf(StoreReadException.class);
        }
    }

    @Test
    void aFailureToOpenThatSaysItsCategoryKeepsIt() {
        ObjectStore denying = new FakeStore(null) {
            @Override
            public InputStream open(ObjectRef object) throws IOException {
                throw new ConfigurationException("connection 'c': access denied to s3://bkt/a.csv");
            }
        };
        assertThatExceptionOfType(ConfigurationException.class)
                .isThrownBy(() -> StoreInput.open(denying, object(6), LOCATION, AN_HOUR))
                .withMessage("connection 'c': access denied to s3://bkt/a.csv");
    }

    @Test
    void findsAStoreFailureUnderTheFormatsWrapping() {
        IOException wrapped = new IOException("a.csv: cannot read at or after line 7",
                new StoreReadException("the download broke off", null));
        assertThat(ErrorCategory.of(new RuntimeException(wrapped))).contains(ErrorCategory.RETRIABLE);
        assertThat(ErrorCategory.of(new IOException("a.csv:1: not a text file"))).isEmpty();
    }

    private static ObjectRef object(long size) {
        return new ObjectRef("bkt", "a.csv", size, Instant.parse("2026-11-01T00:00:00Z"), null);
    }

    private static InputStream stream(String content) {
        return new ByteArrayInputStream(content.getBytes(UTF_8));
    }

    /** A store whose open returns {@code content}, or fails as an overloaded S3 does when it is {@code null}. */
    private static ObjectStore store(InputStream content) {
        return new FakeStore(content);
    }

    private static class FakeStore implements ObjectStore {
        private final InputStream content;

        FakeStore(InputStream content) {
            this.content = content;
        }

        @Override
        public Listing list(ListRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream open(ObjectRef object) throws IOException {
            if (content == null) {
                throw new IOException("503 Slow Down");
            }
            return content;
        }

        @Override
        public void close() {}
    }
}

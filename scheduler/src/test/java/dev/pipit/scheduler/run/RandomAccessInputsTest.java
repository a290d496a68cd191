package dev.pipit.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.format.RandomAccessInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The two ways the core gives a format random access: the store's ranged reads, or a local copy. */
class RandomAccessInputsTest {
    private static final byte[] CONTENT = new byte[10_000];

    static {
        for (int i = 0; i < CONTENT.length; i++) {
            CONTENT[i] = (byte) i;
        }
    }

    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(1);

    private final ObjectRef object = new ObjectRef("bkt", "a.parquet", CONTENT.length, Instant.EPOCH, null);

    @Test
    void tinyReadsComeFromTheWindowAndOthersFetchExactlyTheirBytes() throws IOException {
        RangedStore store = new RangedStore(CONTENT);
        try (RangedObjectInput input = RangedObjectInput.open(store, object, "s3://bkt/a.parquet", 1000)) {
            // The last window is fetched on open: a footer read costs nothing more.
            assertThat(store.requests).isEqualTo(1);
            assertThat(readFully(input, 9_990, 10)).containsExactly(Arrays.copyOfRange(CONTENT, 9_990, 10_000));
            assertThat(store.requests).isEqualTo(1);

            assertThat(readFully(input, 100, 50)).containsExactly(Arrays.copyOfRange(CONTENT, 100, 150));
            assertThat(readFully(input, 150, 50)).containsExactly(Arrays.copyOfRange(CONTENT, 150, 200));
            assertThat(store.requests).isEqualTo(2);

            // Not a window's worth ahead: that would fetch the neighbouring columns of a Parquet chunk.
            assertThat(readFully(input, 3_000, 1_500)).containsExactly(Arrays.copyOfRange(CONTENT, 3_000, 4_500));
            assertThat(store.requests).isEqualTo(3);
            assertThat(input.bytesFetched()).isEqualTo(1_000 + 1_000 + 1_500);
            assertThat(input.read(10_000, new byte[1], 0, 1)).isEqualTo(-1);
        }
    }

    @Test
    void anObjectShorterThanListedFailsTheReadAsAStoreFailure() throws IOException {
        RangedStore store = new RangedStore(Arrays.copyOf(CONTENT, 9_500));
        assertThatExceptionOfType(StoreReadException.class)
                .isThrownBy(() -> RangedObjectInput.open(store, object, "s3://bkt/a.parquet", 1000))
                .withMessageContaining("it changed or the download was cut while it was read");
    }

    @Test
    void aBrokenRangedReadIsAStoreFailure() {
        ObjectStore breaking = new RangedStore(CONTENT) {
            @Override
            public InputStream openRange(ObjectRef object, long offset, long length) {
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new SocketTimeoutException("Read timed out");
                    }
                };
            }
        };
        assertThatExceptionOfType(StoreReadException.class)
                .isThrownBy(() -> RangedObjectInput.open(breaking, object, "s3://bkt/a.parquet", 1000))
                .withMessage("Read timed out");
    }

    @Test
    void aStoreWithoutRangedReadsIsCopiedToATemporaryFile() throws IOException {
        FileFormatResolverTest.BytesStore store = new FileFormatResolverTest.BytesStore(CONTENT);
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> RangedObjectInput.open(store, object, "x", 1000));

        try (LocalCopyInput input = LocalCopyInput.copy(store, object, "x", FILE_TIMEOUT)) {
            assertThat(input.length()).isEqualTo(CONTENT.length);
            assertThat(readFully(input, 4_000, 100)).containsExactly(Arrays.copyOfRange(CONTENT, 4_000, 4_100));
        }
    }

    @Test
    void aCopyShorterThanListedIsAStoreFailureLikeAnyOtherDownload() {
        FileFormatResolverTest.BytesStore cut = new FileFormatResolverTest.BytesStore(Arrays.copyOf(CONTENT, 9_500));

        assertThatExceptionOfType(StoreReadException.class)
                .isThrownBy(() -> LocalCopyInput.copy(cut, object, "x://bkt/a.parquet", FILE_TIMEOUT))
                .withMessage("the download of x://bkt/a.parquet ended after 9500 of its 10000 bytes");
    }

    private static byte[] readFully(RandomAccessInput input, long position, int length) throws IOException {
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < length) {
            int read = input.read(position + done, bytes, done, length - done);
            assertThat(read).isPositive();
            done += read;
        }
        return bytes;
    }

    /** A store with ranged reads over bytes, counting its requests. */
    private static class RangedStore implements ObjectStore {
        private final byte[] content;
        private int requests;

        RangedStore(byte[] content) {
            this.content = content;
        }

        @Override
        public Listing list(ListRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream open(ObjectRef object) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream openRange(ObjectRef object, long offset, long length) {
            requests++;
            int from = (int) Math.min(offset, content.length);
            return new ByteArrayInputStream(content, from, (int) Math.min(length, content.length - from));
        }

        @Override
        public void close() {}
    }
}

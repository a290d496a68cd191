package dev.pipit.scheduler.run;

import dev.pipit.spi.error.ContentException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A gzip stream that fails once it has expanded to more than a ratio of the compressed bytes it consumed. Real
 * CSV and NDJSON compress 3 to 20 times; a few kilobytes that inflate to terabytes (a "gzip bomb") would otherwise
 * keep a run busy for hours and fill the database with rows nobody wrote. Such a file fails for good (a
 * {@link ContentException}): reading it again expands it again. Files are never judged before they have
 * expanded past {@link #FREE_BYTES}, so small files of one repeated line are never refused.
 */
final class GzipExpansionLimit extends FilterInputStream {
    static final long FREE_BYTES = 16L << 20;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final CountingInput compressed;
    private final int maxRatio;
    private final String location;
    private long expanded;

    private GzipExpansionLimit(InputStream decompressed, CountingInput compressed, int maxRatio, String location) {
        super(decompressed);
        this.compressed = compressed;
        this.maxRatio = maxRatio;
        this.location = location;
    }

    static InputStream open(InputStream gzip, int maxRatio, String location) throws IOException {
        CountingInput compressed = new CountingInput(gzip);
        InputStream decompressed = new GZIPInputStream(compressed, BUFFER_BYTES);
        return new BufferedInputStream(new GzipExpansionLimit(decompressed, compressed, maxRatio, location),
                BUFFER_BYTES);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int count = in.read(buffer, offset, length);
        if (count > 0) {
            expanded += count;
            if (expanded > FREE_BYTES && expanded / Math.max(1, compressed.count) > maxRatio) {
                throw new ContentException(location + ": the gzipped file expands more than " + maxRatio
                        + " times its compressed size (import.max-gzip-ratio); " + compressed.count
                        + " compressed bytes had already become " + expanded);
            }
        }
        return count;
    }

    @Override
    public long skip(long count) throws IOException {
        if (count <= 0) {
            return 0;
        }
        int length = (int) Math.min(count, BUFFER_BYTES);
        return Math.max(0, read(new byte[length], 0, length));
    }

    private static final class CountingInput extends FilterInputStream {
        private long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int value = in.read();
            count += value < 0 ? 0 : 1;
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = in.read(buffer, offset, length);
            count += Math.max(read, 0);
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            count += skipped;
            return skipped;
        }
    }
}

package dev.pipit.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.error.ContentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipExpansionLimitTest {
    @Test
    void aGzipBombCsvStopsAtTheRatioNamingIt() throws IOException {
        // 256 MB of one CSV line compress to about 250 kB: a thousand to one.
        byte[] bomb = gzipOf("1,a\n".getBytes(), 64 << 20);

        try (InputStream input = GzipExpansionLimit.open(new ByteArrayInputStream(bomb), 200, "s3://b/bomb.csv.gz")) {
            assertThatExceptionOfType(ContentException.class).isThrownBy(() -> input.transferTo(OutputSink.INSTANCE))
                    .withMessageStartingWith("s3://b/bomb.csv.gz: the gzipped file expands more than 200 times its "
                            + "compressed size (import.max-gzip-ratio); ");
            assertThat(OutputSink.INSTANCE.bytes).isLessThan(32L << 20);
        }
    }

    @Test
    void filesWithinTheRatioReadWhole() throws IOException {
        byte[] zipped = gzipOf("1,a\n".getBytes(), 6 << 20);

        try (InputStream input = GzipExpansionLimit.open(new ByteArrayInputStream(zipped), 2000, "s3://b/small.gz")) {
            assertThat(input.readAllBytes()).hasSize(24 << 20);
        }
    }

    private static byte[] gzipOf(byte[] line, int times) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes, 64 * 1024)) {
            byte[] block = new byte[line.length * 16_384];
            for (int i = 0; i < block.length; i++) {
                block[i] = line[i % line.length];
            }
            for (int i = 0; i < times / 16_384; i++) {
                out.write(block);
            }
        }
        return bytes.toByteArray();
    }

    /** Counts what it is given and keeps nothing. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes += length;
        }
    }
}

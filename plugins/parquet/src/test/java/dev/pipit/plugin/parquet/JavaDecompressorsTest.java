package dev.pipit.plugin.parquet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import dev.pipit.spi.format.FormatOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/** The codecs ParquetFormatReaderTest cannot write a file with, and the buffer variant parquet also calls. */
class JavaDecompressorsTest {
    private static final String TEXT = "Pipit reads Brotli pages. Pipit reads Brotli pages.";

    /** {@link #TEXT} as Debian's {@code brotli} 1.0.9 compresses it: Java has no Brotli encoder to write a file. */
    private static final byte[] BROTLI = bytes("a1 90 01 c0 ef 4c b0 63 9d 4c 66 9d 13 af a1 ca de e0 a4 5c 9a 50"
            + " d2 91 85 35 48 1a db 9c 62 66 a2 4a 61 a6 e0 05 7b 92 6c 20 02");

    private final JavaDecompressors decompressors = new JavaDecompressors(FormatOptions.DEFAULT_MAX_VALUE_BYTES);

    @Test
    void decompressesBrotliPages() throws IOException {
        BytesInputDecompressor brotli = decompressors.getDecompressor(CompressionCodecName.BROTLI);

        BytesInput page = brotli.decompress(BytesInput.from(BROTLI), TEXT.length());

        assertThat(new String(page.toByteArray(), UTF_8)).isEqualTo(TEXT);
    }

    @Test
    void decompressesIntoBuffers() throws IOException {
        ByteBuffer input = ByteBuffer.allocate(BROTLI.length + 3).put(new byte[3]).put(BROTLI);
        input.position(3);
        ByteBuffer output = ByteBuffer.allocate(TEXT.length());

        decompressors.getDecompressor(CompressionCodecName.BROTLI).decompress(input, BROTLI.length, output,
                TEXT.length());

        assertThat(new String(output.array(), UTF_8)).isEqualTo(TEXT);
    }

    @Test
    void aPageShorterThanItsHeaderSaysIsAnError() {
        BytesInputDecompressor brotli = decompressors.getDecompressor(CompressionCodecName.BROTLI);

        assertThatIOException().isThrownBy(() -> brotli.decompress(BytesInput.from(BROTLI), TEXT.length() + 5))
                .withMessage("BROTLI page holds 51 bytes, its header says 56");
    }

    private static byte[] bytes(String hex) {
        String[] pairs = hex.split(" ");
        byte[] bytes = new byte[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            bytes[i] = (byte) Integer.parseInt(pairs[i], 16);
        }
        return bytes;
    }
}

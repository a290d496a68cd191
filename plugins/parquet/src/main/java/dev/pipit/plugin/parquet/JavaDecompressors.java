package dev.pipit.plugin.parquet;

import dev.pipit.spi.error.ContentException;
import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lz4.Lz4HadoopStreams;
import io.airlift.compress.lzo.LzoHadoopStreams;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.brotli.dec.BrotliInputStream;

/**
 * Page decompression in pure Java, for every codec the Parquet format names: aircompressor for Snappy, ZSTD, LZ4
 * and LZO, the JDK for gzip, Google's Brotli decoder for Brotli.
 *
 * <p>parquet-hadoop's own codec factory goes through Hadoop's {@code CompressionCodec}, {@code Configuration} and
 * {@code ReflectionUtils}, and through snappy-java and zstd-jni, whose native libraries must match the machine.
 * Handing the reader this factory instead is what keeps Hadoop and native code out of the plugin entirely.
 *
 * <p>Stateless: each page is decompressed on its own, so one factory serves every reader.
 */
final class JavaDecompressors implements CompressionCodecFactory {
    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new PageDecompressor(codec, (input, size) -> input);
            case SNAPPY -> block(codec, new SnappyDecompressor());
            case LZ4_RAW -> block(codec, new Lz4Decompressor());
            case ZSTD -> block(codec, new ZstdDecompressor());
            case GZIP -> stream(codec, GZIPInputStream::new);
            case BROTLI -> stream(codec, BrotliInputStream::new);
            // Hadoop's block framing around LZ4 and LZO, as the Hadoop codecs parquet-hadoop writes them with.
            case LZ4 -> stream(codec, new Lz4HadoopStreams()::createInputStream);
            case LZO -> stream(codec, new LzoHadoopStreams()::createInputStream);
        };
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("Pipit reads Parquet files; it never writes them");
    }

    @Override
    public void release() {
        // Nothing is pooled: every page gets its own output array.
    }

    private static PageDecompressor block(CompressionCodecName codec, Decompressor decompressor) {
        return new PageDecompressor(codec, (input, size) -> {
            byte[] compressed = input.toByteArray();
            byte[] output = new byte[size];
            try {
                int written = decompressor.decompress(compressed, 0, compressed.length, output, 0, size);
                if (written != size) {
                    throw new ContentException(codec + " page holds " + written + " bytes, its header says " + size);
                }
            } catch (MalformedInputException e) {
                throw new ContentException("corrupt " + codec + " page: " + e.getMessage(), e);
            }
            return BytesInput.from(output);
        });
    }

    private static PageDecompressor stream(CompressionCodecName codec, StreamOpener opener) {
        return new PageDecompressor(codec, (input, size) -> {
            byte[] output = new byte[size];
            try (InputStream decompressed = opener.open(input.toInputStream())) {
                int read = decompressed.readNBytes(output, 0, size);
                if (read != size) {
                    throw new ContentException(codec + " page holds " + read + " bytes, its header says " + size);
                }
            }
            return BytesInput.from(output);
        });
    }

    @FunctionalInterface
    private interface StreamOpener {
        InputStream open(InputStream compressed) throws IOException;
    }

    @FunctionalInterface
    private interface PageFunction {
        BytesInput decompress(BytesInput compressed, int decompressedSize) throws IOException;
    }

    /** One codec's pages, as byte arrays or as buffers. */
    private record PageDecompressor(CompressionCodecName codec, PageFunction function)
            implements BytesInputDecompressor {
        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            return function.decompress(bytes, decompressedSize);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            ByteBuffer compressed = input.duplicate();
            compressed.limit(compressed.position() + compressedSize);
            output.put(function.decompress(BytesInput.from(compressed), decompressedSize).toByteBuffer());
        }

        @Override
        public void release() {
            // Nothing held between pages.
        }
    }
}

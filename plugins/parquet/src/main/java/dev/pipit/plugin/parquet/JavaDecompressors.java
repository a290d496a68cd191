package dev.pipit.plugin.parquet;

import dev.pipit.spi.error.ContentException;
import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lzo.LzoDecompressor;
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
 * <p>No page may be larger than the file's value size limit once decompressed: the page header states the size,
 * and a few kilobytes of Brotli or ZSTD can claim (and hold) gigabytes. The output array is only allocated after
 * that check, and no codec allocates from a length it reads out of the data. A page whose data is empty (a v2 page
 * of nulls only) is empty whatever the codec, because some writers store zero bytes rather than the codec's
 * encoding of nothing.
 *
 * <p>Stateless apart from the limit: each page is decompressed on its own, so one factory serves a whole file.
 */
final class JavaDecompressors implements CompressionCodecFactory {
    private final long maxPageBytes;

    /** @param maxPageBytes the largest decompressed page allowed ({@code import.max-value-size}) */
    JavaDecompressors(long maxPageBytes) {
        this.maxPageBytes = maxPageBytes;
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new PageDecompressor(codec, maxPageBytes, (input, size) -> input);
            case SNAPPY -> block(codec, new SnappyDecompressor());
            case LZ4_RAW -> block(codec, new Lz4Decompressor());
            case ZSTD -> block(codec, new ZstdDecompressor());
            case GZIP -> stream(codec, GZIPInputStream::new);
            case BROTLI -> stream(codec, BrotliInputStream::new);
            // Java writers frame LZ4 as Hadoop's codec does; Arrow C++ and other non-Java writers wrote bare LZ4
            // blocks under the same codec name. Readers such as Arrow and DuckDB take either, and so does Pipit.
            case LZ4 -> new PageDecompressor(codec, maxPageBytes, (input, size) -> {
                byte[] compressed = input.toByteArray();
                byte[] output = new byte[size];
                if (!HadoopFraming.decompress(new Lz4Decompressor(), compressed, output)) {
                    decompressBlock(codec, new Lz4Decompressor(), compressed, output);
                }
                return BytesInput.from(output);
            });
            case LZO -> new PageDecompressor(codec, maxPageBytes, (input, size) -> {
                byte[] output = new byte[size];
                if (!HadoopFraming.decompress(new LzoDecompressor(), input.toByteArray(), output)) {
                    throw new ContentException("corrupt LZO page: not in Hadoop's block framing");
                }
                return BytesInput.from(output);
            });
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

    private PageDecompressor block(CompressionCodecName codec, Decompressor decompressor) {
        return new PageDecompressor(codec, maxPageBytes, (input, size) -> {
            byte[] output = new byte[size];
            decompressBlock(codec, decompressor, input.toByteArray(), output);
            return BytesInput.from(output);
        });
    }

    private static void decompressBlock(CompressionCodecName codec, Decompressor decompressor, byte[] compressed,
            byte[] output) throws IOException {
        try {
            int written = decompressor.decompress(compressed, 0, compressed.length, output, 0, output.length);
            if (written != output.length) {
                throw new ContentException(codec + " page holds " + written + " bytes, its header says "
                        + output.length);
            }
        } catch (MalformedInputException e) {
            throw new ContentException("corrupt " + codec + " page: " + e.getMessage(), e);
        }
    }

    private PageDecompressor stream(CompressionCodecName codec, StreamOpener opener) {
        return new PageDecompressor(codec, maxPageBytes, (input, size) -> {
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

    /** One codec's pages, as byte arrays or as buffers, each checked against the limit before it is allocated. */
    private record PageDecompressor(CompressionCodecName codec, long maxPageBytes, PageFunction function)
            implements BytesInputDecompressor {
        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            if (decompressedSize < 0) {
                throw new ContentException("corrupt " + codec + " page: its header gives a negative size");
            }
            if (decompressedSize > maxPageBytes) {
                throw new LimitExceededException("a " + codec + " page expands to " + decompressedSize
                        + " bytes, more than import.max-value-size allows ("
                        + LimitExceededException.bytes(maxPageBytes) + ")");
            }
            if (decompressedSize == 0) {
                return BytesInput.empty();
            }
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

package dev.pipit.testkit.parquet;

import io.airlift.compress.Compressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4HadoopStreams;
import io.airlift.compress.lzo.LzoHadoopStreams;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page compression for the tests' Parquet writer, in pure Java like the plugin's decompression, so the tests write
 * every codec without Hadoop's codec classes or native libraries.
 *
 * <p>{@link #likeNonJavaWriters()} compresses as Arrow C++ and other non-Java writers have: LZ4 as a bare block
 * without Hadoop's framing, and no bytes at all for an empty page whatever the codec.
 */
final class TestCompressors implements CompressionCodecFactory {
    private final boolean nonJava;

    TestCompressors() {
        this(false);
    }

    private TestCompressors(boolean nonJava) {
        this.nonJava = nonJava;
    }

    static TestCompressors likeNonJavaWriters() {
        return new TestCompressors(true);
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        BytesInputCompressor compressor = javaCompressor(codec);
        if (!nonJava) {
            return compressor;
        }
        BytesInputCompressor chosen = codec == CompressionCodecName.LZ4
                ? block(codec, new Lz4Compressor()) : compressor;
        return compressor(codec, bytes -> bytes.size() == 0 ? BytesInput.empty() : chosen.compress(bytes));
    }

    private BytesInputCompressor javaCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> compressor(codec, bytes -> bytes);
            case SNAPPY -> block(codec, new SnappyCompressor());
            case LZ4_RAW -> block(codec, new Lz4Compressor());
            case ZSTD -> block(codec, new ZstdCompressor());
            case GZIP -> stream(codec, GZIPOutputStream::new);
            case LZ4 -> stream(codec, new Lz4HadoopStreams()::createOutputStream);
            case LZO -> stream(codec, new LzoHadoopStreams()::createOutputStream);
            // Java has no Brotli encoder; JavaDecompressorsTest reads a page the brotli tool wrote.
            default -> throw new UnsupportedOperationException("the tests write no " + codec + " files");
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the writer only compresses");
    }

    @Override
    public void release() {}

    private static BytesInputCompressor block(CompressionCodecName codec, Compressor compressor) {
        return compressor(codec, bytes -> {
            byte[] input = bytes.toByteArray();
            byte[] output = new byte[compressor.maxCompressedLength(input.length)];
            int length = compressor.compress(input, 0, input.length, output, 0, output.length);
            return BytesInput.from(Arrays.copyOf(output, length));
        });
    }

    private static BytesInputCompressor stream(CompressionCodecName codec, StreamOpener opener) {
        return compressor(codec, bytes -> {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (OutputStream compressing = opener.open(output)) {
                bytes.writeAllTo(compressing);
            }
            return BytesInput.from(output.toByteArray());
        });
    }

    private static BytesInputCompressor compressor(CompressionCodecName codec, PageFunction function) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return function.compress(bytes);
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {}
        };
    }

    private interface StreamOpener {
        OutputStream open(OutputStream output) throws IOException;
    }

    private interface PageFunction {
        BytesInput compress(BytesInput bytes) throws IOException;
    }
}

package dev.pipit.plugin.parquet;

import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page compression for the files sinks write, in pure Java as {@link JavaDecompressors} reads them: Snappy
 * through aircompressor, gzip through the JDK, so that no Hadoop codec class or native library loads.
 */
final class JavaCompressors implements CompressionCodecFactory {
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> compressor(codec, bytes -> bytes);
            case SNAPPY -> compressor(codec, JavaCompressors::snappy);
            case GZIP -> compressor(codec, JavaCompressors::gzip);
            default -> throw new UnsupportedOperationException("sinks write no " + codec + " pages");
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the writer only compresses");
    }

    @Override
    public void release() {}

    private static BytesInput snappy(BytesInput bytes) throws IOException {
        SnappyCompressor compressor = new SnappyCompressor();
        byte[] input = bytes.toByteArray();
        byte[] output = new byte[compressor.maxCompressedLength(input.length)];
        int length = compressor.compress(input, 0, input.length, output, 0, output.length);
        return BytesInput.from(Arrays.copyOf(output, length));
    }

    private static BytesInput gzip(BytesInput bytes) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (GZIPOutputStream compressing = new GZIPOutputStream(output)) {
            bytes.writeAllTo(compressing);
        }
        return BytesInput.from(output.toByteArray());
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

    private interface PageFunction {
        BytesInput compress(BytesInput bytes) throws IOException;
    }
}

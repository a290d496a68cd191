package dev.pipit.plugin.parquet;

import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;

/**
 * Hadoop's block framing, as its LZ4 and LZO codecs write it: blocks of a big-endian uncompressed length, then
 * chunks of a big-endian compressed length and the compressed bytes, until the block's length is produced.
 * Decoded straight into the page's array, so a length in the data never sizes an allocation.
 */
final class HadoopFraming {
    private HadoopFraming() {}

    /**
     * @return {@code true} when {@code input} is exactly such a framing of {@code output.length} bytes, now in
     *     {@code output}; {@code false} when it is not (nothing else may be assumed about {@code output} then)
     */
    static boolean decompress(Decompressor decompressor, byte[] input, byte[] output) {
        int in = 0;
        int out = 0;
        while (in < input.length) {
            if (input.length - in < 4) {
                return false;
            }
            int blockLength = readInt(input, in);
            in += 4;
            if (blockLength < 0 || blockLength > output.length - out) {
                return false;
            }
            int blockEnd = out + blockLength;
            while (out < blockEnd) {
                if (input.length - in < 4) {
                    return false;
                }
                int chunkLength = readInt(input, in);
                in += 4;
                if (chunkLength <= 0 || chunkLength > input.length - in) {
                    return false;
                }
                try {
                    int written = decompressor.decompress(input, in, chunkLength, output, out, blockEnd - out);
                    if (written <= 0) {
                        return false;
                    }
                    out += written;
                } catch (MalformedInputException | IndexOutOfBoundsException e) {
                    return false;
                }
                in += chunkLength;
            }
        }
        return out == output.length;
    }

    private static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
                | bytes[at + 3] & 0xff;
    }
}

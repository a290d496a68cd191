package dev.pipit.plugin.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.pipit.spi.error.ContentException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * The first bytes of a file, checked to be UTF-8 text, with the stream positioned after any byte order mark.
 * Checking up front turns "someone dropped a zip into the inbox" into one clear error instead of thousands of
 * quarantined rows of garbage.
 */
final class TextSample {
    static final int SAMPLE_BYTES = 8 * 1024;

    private static final int BOM_LENGTH = 3;

    private final InputStream stream;
    private final String text;

    private TextSample(InputStream stream, String text) {
        this.stream = requireNonNull(stream, "stream is null");
        this.text = requireNonNull(text, "text is null");
    }

    /**
     * Reads the sample and rewinds.
     *
     * @throws IOException "not a text file" when the sample holds a NUL byte or is not UTF-8
     */
    static TextSample read(InputStream input, String source) throws IOException {
        BufferedInputStream stream = new BufferedInputStream(input, SAMPLE_BYTES * 2);
        stream.mark(SAMPLE_BYTES);
        byte[] bytes = stream.readNBytes(SAMPLE_BYTES);
        stream.reset();
        boolean wholeFile = bytes.length < SAMPLE_BYTES;
        int start = hasBom(bytes) ? BOM_LENGTH : 0;
        stream.skipNBytes(start);
        for (byte b : bytes) {
            if (b == 0) {
                throw notText(source, "it holds NUL bytes");
            }
        }
        return new TextSample(stream, decode(bytes, start, wholeFile, source));
    }

    /** The stream to parse, positioned after the byte order mark; reads the sample again. */
    InputStream stream() {
        return stream;
    }

    /** The sample as text, without the byte order mark; may end in the middle of a line. */
    String text() {
        return text;
    }

    private static boolean hasBom(byte[] bytes) {
        return bytes.length >= BOM_LENGTH
                && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    private static String decode(byte[] bytes, int start, boolean wholeFile, String source) throws IOException {
        CharsetDecoder decoder = UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(bytes.length);
        // A sample cut at SAMPLE_BYTES may split a multi-byte character; only the whole file must end cleanly.
        if (decoder.decode(ByteBuffer.wrap(bytes, start, bytes.length - start), chars, wholeFile).isError()
                || (wholeFile && decoder.flush(chars).isError())) {
            throw notText(source, "it is not UTF-8");
        }
        return chars.flip().toString();
    }

    private static IOException notText(String source, String why) {
        return new ContentException(source + ": not a text file (" + why + "); CSV files must be UTF-8 text");
    }
}

package dev.pipit.plugin.ndjson;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.error.ContentException;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;

/**
 * The lines of a text stream with their 1-based numbers, without line breaks ({@code \n} or {@code \r\n}) and
 * without a leading byte order mark. Unlike {@link java.io.BufferedReader#readLine()} it bounds a line's length,
 * so a file without line breaks cannot pull itself into memory whole.
 */
final class LineReader implements Closeable {
    private static final int BUFFER_CHARS = 64 * 1024;
    private static final char BOM = '\uFEFF';

    /** One line as read. */
    record Line(String text, long number) {}

    private final Reader input;
    private final String source;
    private final int maxLineChars;
    private final char[] buffer = new char[BUFFER_CHARS];
    private int position;
    private int limit;
    private long nextNumber = 1;
    private boolean atEnd;

    LineReader(Reader input, String source, int maxLineChars) {
        this.input = requireNonNull(input, "input is null");
        this.source = requireNonNull(source, "source is null");
        this.maxLineChars = maxLineChars;
    }

    /**
     * The next line, or {@code null} at the end of the stream.
     *
     * @throws IOException naming the line when it is longer than the limit or not UTF-8
     */
    Line next() throws IOException {
        long number = nextNumber;
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit && !fill(number)) {
                if (line.length() == 0) {
                    return null;
                }
                break;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            line.append(buffer, start, position - start);
            if (line.length() > maxLineChars) {
                throw new ContentException(source + ":" + number + ": a line is longer than " + maxLineChars
                        + " characters; NDJSON needs a line break after each object");
            }
            if (position < limit) {
                position++;
                break;
            }
        }
        nextNumber++;
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        if (number == 1 && line.length() > 0 && line.charAt(0) == BOM) {
            line.deleteCharAt(0);
        }
        return new Line(line.toString(), number);
    }

    private boolean fill(long number) throws IOException {
        if (atEnd) {
            return false;
        }
        int read;
        try {
            read = input.read(buffer, 0, buffer.length);
        } catch (CharacterCodingException e) {
            // The decoder reads ahead, so the bad bytes may lie a few lines after this one.
            throw new ContentException(source + ": not UTF-8 text at or after line " + number
                    + "; NDJSON files must be UTF-8", e);
        }
        if (read < 0) {
            atEnd = true;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}

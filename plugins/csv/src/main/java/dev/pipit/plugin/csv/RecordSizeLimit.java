package dev.pipit.plugin.csv;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Fails a read once the parser has pulled more than a limit of characters since the current record began.
 *
 * <p>univocity can only bound a field by allocating a buffer of the full limit up front, for every reader; this
 * reader lets its buffers grow with the data instead. The parser reads ahead by its input buffer, so the limit
 * holds to within one buffer ({@link CsvRows#INPUT_BUFFER_CHARS}).
 */
final class RecordSizeLimit extends FilterReader {
    private final long limit;
    private long sinceRecordStart;

    RecordSizeLimit(Reader in, long limit) {
        super(in);
        this.limit = limit;
    }

    /** Called before each record is parsed. */
    void startRecord() {
        sinceRecordStart = 0;
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
            sinceRecordStart += read;
            if (sinceRecordStart > limit) {
                throw new RecordTooLongException(limit);
            }
        }
        return read;
    }

    /** Thrown through the parser, which wraps it; {@link CsvRows} finds it in the cause chain. */
    static final class RecordTooLongException extends IOException {
        RecordTooLongException(long limit) {
            super("a record is longer than " + limit + " characters; is a quote left open?");
        }
    }
}

package dev.pipit.plugin.parquet;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * The stream the core writes an object through, as the one file a Parquet writer creates. Parquet writes
 * front to back (row groups, then the footer), so the stream need not seek; the writer only asks where it is.
 */
final class StreamOutputFile implements OutputFile {
    private final OutputStream output;
    private final String target;
    private boolean created;

    StreamOutputFile(OutputStream output, String target) {
        this.output = output;
        this.target = target;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        if (created) {
            throw new IllegalStateException(target + " is written once");
        }
        created = true;
        return new PositionOutputStream() {
            private long position;

            @Override
            public long getPos() {
                return position;
            }

            @Override
            public void write(int b) throws IOException {
                output.write(b);
                position++;
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                output.write(bytes, offset, length);
                position += length;
            }

            @Override
            public void flush() throws IOException {
                output.flush();
            }

            @Override
            public void close() throws IOException {
                output.close();
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return target;
    }
}

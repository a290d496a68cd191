package dev.pipit.scheduler.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's file system for Pipit's database files, {@code jdbc:h2:}{@value #SCHEME}{@code :}: the plain file on disk,
 * opened again when an interrupt closed it (see {@link InterruptSafeFileChannel}). H2's own answers cost speed or
 * the interrupt: {@code async:} hands every read and write to another thread (half the insert rate), and
 * {@code retry:} clears the interrupted thread's flag, which Quartz's threads need to see their stop.
 */
public final class InterruptSafeFilePath extends FilePathWrapper {
    static final String SCHEME = "interruptsafe";

    static {
        FilePath.register(new InterruptSafeFilePath());
    }

    /** Makes the scheme known to H2; idempotent, and needed before the first connection to such a URL. */
    static void register() {
        // The static initializer did the work.
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new InterruptSafeFileChannel(getBase(), mode);
    }
}

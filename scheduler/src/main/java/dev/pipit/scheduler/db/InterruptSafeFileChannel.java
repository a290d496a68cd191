package dev.pipit.scheduler.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;

/**
 * A file channel that outlives interrupts. The JDK closes a {@link FileChannel} for every thread when one thread is
 * interrupted during a read or write, and H2 then closes the whole database. This channel opens the file again and
 * repeats the operation with the interrupt flag cleared, then sets the flag again so its owner still sees it. The
 * lock H2 took on the file is taken again on the new channel.
 */
final class InterruptSafeFileChannel extends FileBase {
    /** More reopenings than interrupts can plausibly arrive during one operation; then the error is real. */
    private static final int MAX_REOPENINGS = 20;

    private final FilePath file;
    private final String mode;
    private volatile FileChannel channel;
    private volatile long position;
    private ReopenedLock lock;

    InterruptSafeFileChannel(FilePath file, String mode) throws IOException {
        this.file = file;
        this.mode = mode;
        this.channel = file.open(mode);
    }

    @FunctionalInterface
    private interface Operation<T> {
        T on(FileChannel channel) throws IOException;
    }

    private <T> T outlivingInterrupts(Operation<T> operation) throws IOException {
        boolean interrupted = false;
        try {
            for (int reopenings = 0;; reopenings++) {
                FileChannel current = channel;
                try {
                    return operation.on(current);
                } catch (ClosedChannelException e) {
                    // ClosedByInterruptException here, AsynchronousCloseException in the threads sharing the file.
                    if (!isOpen() || reopenings == MAX_REOPENINGS) {
                        throw e;
                    }
                    interrupted |= Thread.interrupted();
                    reopen(current);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void reopen(FileChannel closed) throws IOException {
        if (channel != closed) {
            return;
        }
        FileChannel reopened = file.open(mode);
        if (lock != null && !lock.released) {
            FileLock taken = reopened.tryLock(lock.position(), lock.size(), lock.isShared());
            if (taken == null) {
                reopened.close();
                throw new IOException("Cannot lock " + file + " again after an interrupt closed it");
            }
            lock.base = taken;
        }
        channel = reopened;
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        int start = dst.position();
        // An interrupted read may have filled part of the buffer: go on from there.
        return outlivingInterrupts(c -> c.read(dst, at + dst.position() - start));
    }

    @Override
    public int write(ByteBuffer src, long at) throws IOException {
        int start = src.position();
        return outlivingInterrupts(c -> c.write(src, at + src.position() - start));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int read = read(dst, position);
        if (read > 0) {
            position += read;
        }
        return read;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int written = write(src, position);
        position += written;
        return written;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public FileChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        return outlivingInterrupts(FileChannel::size);
    }

    @Override
    public FileChannel truncate(long newLength) throws IOException {
        outlivingInterrupts(c -> c.truncate(newLength));
        position = Math.min(position, newLength);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        outlivingInterrupts(c -> {
            c.force(metaData);
            return null;
        });
    }

    @Override
    public synchronized FileLock tryLock(long at, long size, boolean shared) throws IOException {
        FileLock taken = outlivingInterrupts(c -> c.tryLock(at, size, shared));
        if (taken == null) {
            return null;
        }
        lock = new ReopenedLock(this, taken);
        return lock;
    }

    @Override
    protected void implCloseChannel() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return InterruptSafeFilePath.SCHEME + ":" + file;
    }

    /** The lock H2 holds, whichever channel currently carries it. */
    private static final class ReopenedLock extends FileLock {
        private volatile FileLock base;
        private volatile boolean released;

        ReopenedLock(FileChannel channel, FileLock base) {
            super(channel, base.position(), base.size(), base.isShared());
            this.base = base;
        }

        @Override
        public boolean isValid() {
            return !released && base.isValid();
        }

        @Override
        public void release() throws IOException {
            released = true;
            base.release();
        }
    }
}

package dev.pipit.scheduler.daemon;

import dev.pipit.scheduler.db.Database;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Keeps a second daemon off an embedded H2 database. H2's AUTO_SERVER lets any process in (that is what lets admin
 * commands read while the daemon runs), so H2's own lock cannot tell a daemon from a reader; an OS file lock
 * beside the database can, and the OS drops it when the process dies, even by {@code kill -9}.
 */
final class DaemonLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DaemonLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock for the H2 file database behind {@code jdbcUrl}; other databases coordinate through Quartz's
     * cluster, so they need none and get an empty result.
     *
     * @throws IllegalStateException naming the database when another daemon holds it
     */
    static Optional<DaemonLock> acquire(String jdbcUrl) throws IOException {
        Optional<Path> database = Database.h2File(jdbcUrl);
        if (database.isEmpty()) {
            return Optional.empty();
        }
        Path lockFile = Path.of(database.get() + ".daemon.lock");
        Files.createDirectories(lockFile.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another Pipit daemon is already running on " + database.get()
                    + ".mv.db; stop it first (admin commands such as `bin/scheduler history` work alongside it). "
                    + "To run several daemons, use PostgreSQL (see README, \"Scale out\")");
        }
        return Optional.of(new DaemonLock(channel, lock));
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}

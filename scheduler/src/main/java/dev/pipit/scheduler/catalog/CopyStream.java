package dev.pipit.scheduler.catalog;

import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * One open {@code COPY ... FROM STDIN}, fed on a thread of its own: the caller hands over chunks of converted rows
 * through a bounded queue and goes on reading the file, while this thread writes them in COPY's binary form
 * ({@link BinaryCopy}) onto the connection, which PostgreSQL reads as they arrive, in its own process. Nothing
 * else may use the connection until {@link #finish()} or {@link #abort()} returns.
 */
final class CopyStream {
    /** Chunks waiting for the COPY thread; bounds the rows in memory to this many chunks. */
    private static final int QUEUED_CHUNKS = 4;
    private static final Object[][] END = new Object[0][];
    private static final long POLL_MILLIS = 100;

    private final BinaryCopy encoder;
    private final BlockingQueue<Object[][]> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final CompletableFuture<Long> copied = new CompletableFuture<>();
    private volatile boolean aborted;

    private CopyStream(BinaryCopy encoder) {
        this.encoder = encoder;
    }

    /**
     * Opens the COPY ({@code sql}, binary format) on a new thread named {@code threadName}; rows are written by
     * {@code encoder}, which belongs to this stream until {@link #finish()} or {@link #abort()} returns.
     */
    static CopyStream start(CopyManager copy, String sql, BinaryCopy encoder, String threadName) {
        CopyStream stream = new CopyStream(encoder);
        Thread thread = new Thread(() -> stream.run(copy, sql), threadName);
        thread.setDaemon(true);
        thread.start();
        return stream;
    }

    /** Hands rows to the COPY thread, waiting while the queue is full. */
    void send(Object[][] rows) throws SQLException {
        try {
            while (!queue.offer(rows, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (copied.isDone()) {
                    // The COPY failed: its error is the one to report.
                    await();
                    throw new IllegalStateException("the COPY ended before its input");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new SQLException("interrupted while writing rows by COPY", e);
        }
    }

    /** Ends the COPY once every row handed over is written; the connection is free again. */
    long finish() throws SQLException {
        send(END);
        return await();
    }

    /** Cancels the COPY, dropping what is queued; the connection is free again, its transaction to be rolled back. */
    void abort() {
        aborted = true;
        queue.clear();
        queue.offer(END);
        try {
            copied.get();
        } catch (ExecutionException e) {
            // The COPY is being thrown away; its own failure changes nothing.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long await() throws SQLException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return copied.get();
                } catch (InterruptedException e) {
                    // The COPY thread holds the connection: wait for it rather than leave it in the middle of a COPY.
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw asSqlException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A new exception in the caller's thread, keeping the SQL state by which connection failures are told apart. */
    private static SQLException asSqlException(Throwable failure) {
        if (failure instanceof SQLException sql) {
            return new SQLException(sql.getMessage(), sql.getSQLState(), sql.getErrorCode(), sql);
        }
        return new SQLException("COPY into the table failed: " + failure.getMessage(), failure);
    }

    private void run(CopyManager copy, String sql) {
        CopyIn copyIn = null;
        try {
            copyIn = copy.copyIn(sql);
            encoder.clear();
            encoder.appendHeader();
            while (true) {
                Object[][] rows = queue.take();
                if (rows == END || aborted) {
                    break;
                }
                for (Object[] row : rows) {
                    encoder.appendRow(row);
                }
                copyIn.writeToCopy(encoder.bytes(), 0, encoder.size());
                encoder.clear();
            }
            if (aborted) {
                copyIn.cancelCopy();
                copied.complete(0L);
            } else {
                encoder.appendTrailer();
                copyIn.writeToCopy(encoder.bytes(), 0, encoder.size());
                copied.complete(copyIn.endCopy());
            }
        } catch (Throwable e) {
            cancelQuietly(copyIn, e);
            copied.completeExceptionally(e);
        }
    }

    private static void cancelQuietly(CopyIn copyIn, Throwable failure) {
        if (copyIn == null) {
            return;
        }
        try {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}

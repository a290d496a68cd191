package org.h2.mvstore.tx;

/**
 * Writes what H2 writes first when a transaction commits, and nothing more: the state a {@code kill -9} in the
 * middle of a commit leaves, which H2 finishes when it opens the file. In H2's package, as its undo log is not
 * public.
 */
public final class CommitMarkers {
    private CommitMarkers() {}

    public static void markCommitted(TransactionStore store, int transactionId) {
        store.addUndoLogRecord(transactionId, (1L << Transaction.LOG_ID_BITS) - 1, Record.COMMIT_MARKER);
    }
}

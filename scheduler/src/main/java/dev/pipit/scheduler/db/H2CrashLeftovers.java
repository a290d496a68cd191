package dev.pipit.scheduler.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.db.MVIndex;
import org.h2.mvstore.db.MVTable;
import org.h2.mvstore.tx.Transaction;
import org.h2.table.Table;
import org.h2.value.VersionedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what H2 keeps of transactions that a crash interrupted, before anyone reads the database.
 *
 * <p>H2 2.4 stores its maps one after another while writers go on, so the file can hold a row that a transaction
 * wrote just after the store had taken that transaction's undo log. After a {@code kill -9}, H2 rolls the
 * transaction back by its undo log and leaves that row in the table, marked as written by a transaction that no
 * longer exists. Queries that read rows skip it, but {@code SELECT count(*)} counts it (H2 answers from the map's
 * size), and the next transaction H2 gives the same id takes it for its own write and reads it: a copy pipe or an
 * export running in that transaction would copy it. CrashIT saw a file of 1,000 rows count 1,002 after a crash in
 * the middle of the next file.
 *
 * <p>Only a database that was not closed cleanly can hold such rows. H2's file header says whether it was, until
 * another program opens the file after the crash and closes it cleanly; so the Pipit process that opens the file
 * (the others reach it through that one's AUTO_SERVER) also leaves a marker beside it, {@code <db>.open-by-pipit},
 * which it deletes when it closes the database. For a file whose header is not clean, or that has a marker, Pipit
 * first opens the database alone, before any other connection (and so before any transaction could take an old
 * id): every entry still marked with a transaction then belongs to no live one, and gets back its committed value,
 * or goes when it has none. Closing writes the file cleanly, and the usual pool opens it. A file that another live
 * process holds is left alone: that process ran this check when it opened the file.
 */
final class H2CrashLeftovers {
    private static final Logger log = LoggerFactory.getLogger(H2CrashLeftovers.class);
    /** H2's {@code FileStore.BLOCK_SIZE}: the file starts with two copies of the store header, one per block. */
    private static final int HEADER_BLOCK = 4096;
    /**
     * On its own (no AUTO_SERVER, which would let another process in while the entries are repaired), a new
     * instance even when this JVM has the database open (then H2's file lock refuses it, as for another process),
     * and never a new database. H2 would write that refusal, which is the usual answer while a daemon runs, to the
     * database's trace file at every command.
     */
    private static final Map<String, String> ALONE = Map.of("AUTO_SERVER", "FALSE", "OPEN_NEW", "TRUE",
            "IFEXISTS", "TRUE", "TRACE_LEVEL_FILE", "0");

    private H2CrashLeftovers() {}

    /**
     * Repairs the H2 file database of the prepared {@code url} when it was not closed cleanly.
     *
     * @return how many entries were repaired; 0 also when the file was closed cleanly or is held by a live process
     * @throws SQLException when the database cannot be opened for a reason other than another process holding it
     */
    static long removeAfterUncleanClose(String url, String user, String password) throws SQLException {
        Path database = JdbcUrls.h2File(url).orElse(null);
        if (database == null) {
            return 0;
        }
        Path file = Path.of(database + ".mv.db");
        if (!Files.exists(file) || closedCleanly(file) && !Files.exists(marker(database))) {
            return 0;
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection(JdbcUrls.withOptions(url, ALONE), user, password);
        } catch (SQLException e) {
            if (e.getErrorCode() == Database.H2_DATABASE_ALREADY_OPEN) {
                return 0;
            }
            throw e;
        }
        try (connection) {
            log.info("A process that held {} stopped without closing it; checking its tables for entries of "
                    + "interrupted transactions", file);
            long started = System.nanoTime();
            long repaired = repair((SessionLocal) connection.unwrap(JdbcConnection.class).getSession());
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (repaired > 0) {
                log.warn("H2 kept {} entries of the transactions the stop interrupted; Pipit removed them in {} ms "
                        + "(README, \"Crash safety on H2\")", repaired, millis);
            } else {
                log.info("No entries of interrupted transactions ({} ms)", millis);
            }
            return repaired;
        }
    }

    /**
     * Leaves the marker beside the H2 file database of {@code url} when this process holds the file, which is when
     * its connections are in-process sessions, not ones through another process's AUTO_SERVER.
     *
     * @return the marker, for {@link #release}; empty when another process holds the file or it is not a file
     */
    static Optional<Path> claim(String url, DataSource dataSource) throws SQLException, IOException {
        Optional<Path> database = JdbcUrls.h2File(url);
        if (database.isEmpty()) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal)) {
                return Optional.empty();
            }
        }
        Path marker = marker(database.get());
        Files.writeString(marker, "Pipit process " + ProcessHandle.current().pid() + " holds this database; the file "
                + "goes when it closes it, and one left behind makes the next Pipit check the database\n");
        return Optional.of(marker);
    }

    /** Removes the marker of {@link #claim} once the database is closed. */
    static void release(Path marker) {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            log.warn("Cannot remove {} ({}); the next start checks the database once more", marker, e.toString());
        }
    }

    private static Path marker(Path database) {
        return Path.of(database + ".open-by-pipit");
    }

    /**
     * Whether H2's header marks the file as closed cleanly. A header that cannot be read counts as not clean: the
     * check that follows costs time, never data.
     */
    static boolean closedCleanly(Path file) {
        byte[] block;
        try (InputStream in = Files.newInputStream(file)) {
            block = in.readNBytes(HEADER_BLOCK);
        } catch (IOException e) {
            return false;
        }
        int end = 0;
        while (end < block.length && block[end] > ' ') {
            end++;
        }
        try {
            String clean = DataUtils.parseMap(new String(block, 0, end, StandardCharsets.ISO_8859_1)).get("clean");
            return clean != null && !clean.equals("0");
        } catch (RuntimeException notAHeader) {
            return false;
        }
    }

    private static long repair(SessionLocal session) {
        org.h2.engine.Database database = session.getDatabase();
        // A transaction prepared for two-phase commit outlives a restart, and its entries could not be told from
        // leftovers; Pipit prepares none. (One that a crash caught committing also stays listed, as committed: H2
        // finished its commit when it opened the file, so none of its entries is left to repair.)
        if (database.getStore().getTransactionStore().getOpenTransactions().stream()
                .anyMatch(transaction -> transaction.getStatus() == Transaction.STATUS_PREPARED)) {
            log.warn("{} holds prepared transactions; not checking it for entries of interrupted ones",
                    database.getShortName());
            return 0;
        }
        long repaired = 0;
        Set<Integer> seen = new HashSet<>();
        for (Table table : database.getAllTablesAndViews()) {
            if (table instanceof MVTable) {
                for (Index index : table.getIndexes()) {
                    if (index instanceof MVIndex<?, ?> stored && seen.add(stored.getMVMap().getId())) {
                        repaired += restoreCommitted(stored.getMVMap());
                    }
                }
            }
        }
        return repaired;
    }

    /** Gives every entry still marked with a transaction its committed value, removing those that had none. */
    private static <K, V> long restoreCommitted(MVMap<K, VersionedValue<V>> map) {
        List<K> keys = new ArrayList<>();
        List<V> committed = new ArrayList<>();
        for (Cursor<K, VersionedValue<V>> cursor = map.cursor(null); cursor.hasNext(); ) {
            K key = cursor.next();
            VersionedValue<V> value = cursor.getValue();
            if (value.getOperationId() != 0) {
                keys.add(key);
                committed.add(value.getCommittedValue());
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            V value = committed.get(i);
            if (value == null) {
                map.remove(keys.get(i));
            } else {
                map.put(keys.get(i), asCommitted(value));
            }
        }
        return keys.size();
    }

    /** H2 stores a committed row or index value as the value itself: each of its values is a versioned value. */
    @SuppressWarnings("unchecked")
    private static <V> VersionedValue<V> asCommitted(V value) {
        if (value instanceof VersionedValue<?> versioned && versioned.getOperationId() == 0) {
            return (VersionedValue<V>) versioned;
        }
        throw new IllegalStateException("H2 stores " + value.getClass().getName()
                + " in a way this Pipit does not know; is the H2 version the one Pipit was built with?");
    }
}

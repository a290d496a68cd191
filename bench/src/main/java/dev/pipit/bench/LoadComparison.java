package dev.pipit.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pipit against hand-written loaders on one database, the same file and the same table: every contender first
 * loads the warm-up file, then Pipit imports the events file through S3 and each baseline loads the same file from
 * disk into the emptied table. Throughput is rows per second of wall-clock time.
 */
final class LoadComparison {
    static final String PIPIT = "pipit";

    /** A baseline loader; it must commit what it loads. */
    @FunctionalInterface
    interface Loader {
        long load(Connection connection, String table, Path file) throws Exception;
    }

    record Baseline(String name, Loader loader) {}

    /** Where the baselines load: a database of their own, with the table Pipit loads into. */
    @FunctionalInterface
    interface BaselineDatabase {
        /** A connection to the database, where {@code table} exists. */
        Connection connect(String table) throws SQLException;
    }

    /** Opens a connection to a database being checked. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection connect() throws SQLException;
    }

    private LoadComparison() {}

    /** @return rows per second, by {@link #PIPIT} and by each baseline's name, in that order */
    static Map<String, Double> run(BenchEnvironment env, PipitImport pipit, BaselineDatabase baselineDb,
            List<Baseline> baselines, Path events, Path warmup) throws Exception {
        env.log("warming up");
        pipit.run(PipitImport.WARMUP_TABLE);
        for (Baseline baseline : baselines) {
            truncate(baselineDb, PipitImport.WARMUP_TABLE);
            try (Connection connection = baselineDb.connect(PipitImport.WARMUP_TABLE)) {
                baseline.loader().load(connection, PipitImport.WARMUP_TABLE, warmup);
            }
        }
        Map<String, Double> throughput = new LinkedHashMap<>();
        env.log("importing %,d rows with Pipit", env.rows());
        System.gc();
        long start = System.nanoTime();
        long rows = pipit.run(PipitImport.TABLE);
        throughput.put(PIPIT, perSecond(rows, System.nanoTime() - start));
        ConnectionSource pipitDb = pipit.database().dataSource()::getConnection;
        check(pipitDb, rows, env.rows(), PIPIT);
        for (Baseline baseline : baselines) {
            truncate(baselineDb, PipitImport.TABLE);
            env.log("loading %,d rows with %s", env.rows(), baseline.name());
            System.gc();
            try (Connection connection = baselineDb.connect(PipitImport.TABLE)) {
                start = System.nanoTime();
                long loaded = baseline.loader().load(connection, PipitImport.TABLE, events);
                throughput.put(baseline.name(), perSecond(loaded, System.nanoTime() - start));
            }
            ConnectionSource baselineTable = () -> baselineDb.connect(PipitImport.TABLE);
            check(baselineTable, count(baselineTable, PipitImport.TABLE), env.rows(), baseline.name());
        }
        return throughput;
    }

    static double perSecond(long count, long nanos) {
        return count / (nanos / 1e9);
    }

    private static void check(ConnectionSource db, long loaded, long expected, String who)
            throws SQLException {
        long inTable = count(db, PipitImport.TABLE);
        if (loaded != expected || inTable != expected) {
            throw new IllegalStateException(who + " loaded " + loaded + " rows and the table holds " + inTable
                    + "; expected " + expected);
        }
    }

    /** The rows {@code table} holds. */
    static long count(ConnectionSource db, String table) throws SQLException {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void truncate(BaselineDatabase db, String table) throws SQLException {
        try (Connection connection = db.connect(table);
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE TABLE " + table);
        }
    }
}

package dev.pipit.scheduler.db;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pipit.scheduler.config.PipitConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database that holds Pipit's state and the data sources' tables: a connection pool, migrated to the current
 * schema when opened. State tables live in the {@value #STATE_SCHEMA} schema; data source tables in the default
 * schema, where users' queries expect them.
 */
public final class Database implements AutoCloseable {
    public static final String STATE_SCHEMA = "pipit";
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/pipit";
    /**
     * How a prepared H2 file URL starts. H2's default file system closes the database for good when a thread is
     * interrupted in the middle of a file read or write (the JDK closes an interrupted FileChannel), and Quartz
     * interrupts its own threads, which use the database, when it shuts down. {@link InterruptSafeFilePath} opens
     * the file again instead, at the speed of the plain file.
     */
    public static final String H2_FILE_PREFIX = "jdbc:h2:" + InterruptSafeFilePath.SCHEME + ":";

    static {
        InterruptSafeFilePath.register();
    }

    public static final String DEFAULT_USER = "pipit";
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The version of this build's newest migration, the highest {@code V<n>} in {@code db/migration}: a new script
     * raises it, and {@code DatabaseTest} fails until it does.
     */
    static final String NEWEST_MIGRATION = "12";
    /** H2's {@code ErrorCode.DATABASE_ALREADY_OPEN_1}. */
    static final int H2_DATABASE_ALREADY_OPEN = 90020;
    /** H2's {@code ErrorCode.CONNECTION_BROKEN_1}: the AUTO_SERVER of the process holding the file just closed. */
    private static final int H2_CONNECTION_BROKEN = 90067;
    private static final Duration H2_LOCK_TIMEOUT = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** The databases this process holds open, for a stop signal that cannot wait for their owners to close them. */
    private static final Set<Database> OPEN = ConcurrentHashMap.newKeySet();

    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final Dialect dialect;
    private final String displayUrl;
    private final Jdbi jdbi;
    /** Beside an H2 file this process holds: see {@link H2CrashLeftovers}. */
    private final Optional<Path> heldMarker;

    private Database(HikariDataSource pool, DataSource dataSource, Dialect dialect, String displayUrl,
            Optional<Path> heldMarker) {
        this.pool = pool;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.displayUrl = displayUrl;
        this.heldMarker = heldMarker;
        this.jdbi = Jdbi.create(dataSource);
        OPEN.add(this);
    }

    /**
     * Opens the pool described by {@code db.url}, {@code db.user}, {@code db.password} and {@code db.pool-size} and
     * applies pending migrations.
     *
     * @param projectDir the folder a relative H2 file path ({@code ./data/pipit}) is resolved against
     * @throws DatabaseException when the database cannot be reached or migrated
     * @throws IllegalArgumentException when the URL names a database Pipit does not support
     */
    public static Database open(PipitConfig config, Path projectDir) {
        requireNonNull(config, "config is null");
        requireNonNull(projectDir, "projectDir is null");
        String configuredUrl = config.get("db.url", DEFAULT_URL);
        Dialect dialect = Dialect.fromJdbcUrl(configuredUrl);
        String url = dialect == Dialect.H2 ? JdbcUrls.prepareH2(configuredUrl, projectDir) : configuredUrl;
        String displayUrl = JdbcUrls.mask(url);
        String user = config.get("db.user", DEFAULT_USER);

        HikariConfig pool = new HikariConfig();
        pool.setPoolName("pipit-db");
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(config.get("db.password", ""));
        pool.setMaximumPoolSize(config.getInt("db.pool-size", DEFAULT_POOL_SIZE));
        // How long a statement waits for a connection while the database is unreachable before it fails.
        Duration connectTimeout = config.getDuration("db.connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        pool.setConnectionTimeout(connectTimeout.toMillis());
        if (dialect == Dialect.H2) {
            // Lets a statement wait for a locked row as long as another transaction may take to commit. The files a
            // run imports at once, each group in its transaction, all add to their run's counters, one row: the last
            // to get there waits for the other's commit, which with its two CHECKPOINTs (DurableCommits) can outlast
            // H2's two-second default, and the waiting file failed ("Timeout trying to lock table runs").
            // PostgreSQL waits without a limit.
            pool.setConnectionInitSql("SET LOCK_TIMEOUT " + H2_LOCK_TIMEOUT.toMillis());
        }
        HikariDataSource dataSource;
        try {
            if (dialect == Dialect.H2) {
                patiently(() -> H2CrashLeftovers.removeAfterUncleanClose(url, user, pool.getPassword()), displayUrl,
                        connectTimeout);
            }
            dataSource = patiently(() -> new HikariDataSource(pool), displayUrl, connectTimeout);
        } catch (RuntimeException e) {
            Optional<Path> file = JdbcUrls.h2File(url);
            if (file.isPresent() && hasIoFailure(e)) {
                throw new DatabaseException("Cannot open " + displayUrl + ": " + rootMessage(e) + ". H2 could not "
                        + "read or write " + file.get() + ".mv.db: check that the disk holding it has free space, "
                        + "that no limit on file sizes applies to Pipit (ulimit -f), and that the file is Pipit's to "
                        + "write.", e);
            }
            throw new DatabaseException("Cannot connect to " + displayUrl + " as user '" + user + "': "
                    + rootMessage(e) + ". Check db.url, db.user and db.password (or PIPIT_DB_URL, PIPIT_DB_USER, "
                    + "PIPIT_DB_PASSWORD), that the database is running and reachable, and for an H2 file that no "
                    + "other program holds it without AUTO_SERVER.", e);
        }
        try {
            migrate(dataSource, dialect);
        } catch (FlywayException e) {
            dataSource.close();
            throw new DatabaseException("Cannot migrate " + displayUrl + " to Pipit's schema: " + rootMessage(e)
                    + ". Check that user '" + user + "' may create schema '" + STATE_SCHEMA + "' and tables in it.", e);
        }
        DataSource durable = FailedRollbacks.over(dataSource);
        if (dialect == Dialect.H2 && JdbcUrls.isH2FileWithoutWriteDelay(configuredUrl)) {
            try {
                durable = DurableCommits.over(durable);
            } catch (SQLException e) {
                dataSource.close();
                throw new DatabaseException("Cannot set up " + displayUrl + " as user '" + user + "': "
                        + rootMessage(e) + ". Pipit sets the write delay of an H2 file database and writes each "
                        + "commit at once, which needs an admin user of the database (the one who created it is).",
                        e);
            }
        }
        Optional<Path> heldMarker;
        try {
            heldMarker = dialect == Dialect.H2 ? H2CrashLeftovers.claim(url, dataSource) : Optional.empty();
        } catch (SQLException | IOException e) {
            dataSource.close();
            throw new DatabaseException("Cannot mark " + displayUrl + " as held by this process: " + rootMessage(e)
                    + ". Pipit writes a file beside the database file while it holds it; check that the folder is "
                    + "writable.", e);
        }
        log.debug("Opened database {} ({})", displayUrl, dialect);
        return new Database(dataSource, durable, dialect, displayUrl, heldMarker);
    }

    /**
     * Opens the database, trying again for up to {@code timeout} while it is held by someone else for a moment or
     * not yet reachable: an admin command opening the H2 file just as the daemon starts (H2 answers "Lock file
     * recently modified"), or a PostgreSQL server still starting. A supervisor that restarts the daemon at once
     * would otherwise see it exit again and again.
     */
    private static <T> T patiently(Opening<T> opening, String displayUrl, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long pauseMillis = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                T opened = opening.open();
                if (attempt > 1) {
                    log.info("Opened {} after {} attempts", displayUrl, attempt);
                }
                return opened;
            } catch (SQLException | RuntimeException e) {
                RuntimeException failure = e instanceof RuntimeException unchecked ? unchecked
                        : new DatabaseException(e.getMessage(), e);
                if (!isMomentary(e) || Instant.now().plusMillis(pauseMillis).isAfter(deadline)) {
                    throw failure;
                }
                if (attempt == 1) {
                    log.warn("Cannot open {} yet ({}); trying again for up to {} s (db.connect-timeout)", displayUrl,
                            rootMessage(e), timeout.toSeconds());
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
                pauseMillis = Math.min(pauseMillis * 2, 1_000);
            }
        }
    }

    @FunctionalInterface
    private interface Opening<T> {
        T open() throws SQLException;
    }

    /**
     * Whether opening failed for a reason that passes: H2's file held by another process (90020, "Database may be
     * already in use"; 8000, "Lock file recently modified" or "Another process was faster"), the AUTO_SERVER of the
     * process that held it gone in between (90067, "Connection refused"), or the connection itself failing
     * (SQLState class 08, and 57P03, a PostgreSQL server that is starting up). Wrong credentials or a wrong URL
     * fail at once.
     */
    static boolean isMomentary(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                if (sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN || sql.getErrorCode() == H2_CONNECTION_BROKEN) {
                    return true;
                }
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("57P03"))) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static void migrate(DataSource dataSource, Dialect dialect) {
        if (isCurrent(dataSource)) {
            return;
        }
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .schemas(STATE_SCHEMA)
                .defaultSchema(STATE_SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load();
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            // H2 commits each DDL statement, so a daemon killed during its first start can leave a migration half
            // applied, with no history row for it: every later start would fail on "already exists". While Pipit
            // holds nothing yet (no file, run or deployment), its schema is rebuilt from scratch instead.
            if (dialect != Dialect.H2 || !holdsNothingYet(dataSource)) {
                throw e;
            }
            log.warn("Pipit's tables were left half created (a start stopped while creating them); creating them "
                    + "again: {}", rootMessage(e));
            Jdbi.create(dataSource).useHandle(handle -> handle.execute("DROP SCHEMA " + STATE_SCHEMA + " CASCADE"));
            flyway.migrate();
        }
    }

    /**
     * Whether the last migration in Pipit's history is this build's newest and succeeded. Then Flyway has nothing
     * to apply, and is not started: loading, scanning and validating its migrations took a third of a second of
     * every command (1.6 s for {@code status}). Flyway still runs for anything else: a new database, an older or
     * failed migration, one applied by a newer Pipit. What this skips is Flyway's check that applied migrations
     * were not edited since, which only an edited release could fail.
     */
    static boolean isCurrent(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            // Asked first: a query of a missing table fails, and H2 writes each failure to its trace file, which a
            // new project would then start with.
            try (ResultSet history = connection.getMetaData().getTables(null, STATE_SCHEMA, "flyway_schema_history",
                    null)) {
                if (!history.next()) {
                    return false; // a new database, which Flyway creates
                }
            }
            try (Statement statement = connection.createStatement();
                    ResultSet last = statement.executeQuery("SELECT version, success FROM " + STATE_SCHEMA
                            + ".flyway_schema_history ORDER BY installed_rank DESC LIMIT 1")) {
                return last.next() && last.getBoolean("success")
                        && NEWEST_MIGRATION.equals(last.getString("version"));
            }
        } catch (SQLException e) {
            return false; // Flyway reports what is wrong with the database, in its own words
        }
    }

    private static boolean holdsNothingYet(DataSource dataSource) {
        return Jdbi.create(dataSource).withHandle(handle -> {
            for (String table : new String[] {"files", "runs", "deployments"}) {
                boolean exists = handle.createQuery("SELECT count(*) FROM information_schema.tables "
                                + "WHERE table_schema = :schema AND table_name = :table")
                        .bind("schema", STATE_SCHEMA).bind("table", table).mapTo(Integer.class).one() > 0;
                if (exists && handle.createQuery("SELECT count(*) FROM " + STATE_SCHEMA + "." + table)
                        .mapTo(Long.class).one() > 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Whether the file system refused H2 (a full disk, a file size limit, a folder where the file should be). */
    private static boolean hasIoFailure(Throwable error) {
        for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The JDBC URL as used, with any password masked: for logs and messages. */
    public String displayUrl() {
        return displayUrl;
    }

    /**
     * The file of a prepared H2 file URL, as {@link #displayUrl()} shows it, without H2's {@code .mv.db}; empty for
     * any other database.
     */
    public static Optional<Path> h2File(String preparedUrl) {
        return JdbcUrls.h2File(preparedUrl);
    }

    /**
     * Why H2 closed this database under the process, if it did. After an error its store does not recover from (a
     * write refused by a full disk or a file size limit), H2 closes the store, and from then on every statement of
     * every connection, old or new, fails; nothing opens the database again until the process ends.
     *
     * @return the failure H2 closed the database after; empty while the database answers, or when it cannot be
     *     reached (PostgreSQL's outages end by themselves)
     */
    public Optional<String> closedByEngine() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // A statement that reads a table: H2 answers SELECT 1 without its store.
            statement.execute("SELECT id FROM pipit.deployments ORDER BY id DESC LIMIT 1");
            return Optional.empty();
        } catch (SQLException e) {
            return DatabaseErrors.closedAfterFailure(e).map(DatabaseErrors::whyClosed);
        }
    }

    /** Gives HikariCP's meters to a Micrometer {@code MeterRegistry}. */
    public void meterPool(Object meterRegistry) {
        pool.setMetricRegistry(meterRegistry);
    }

    @Override
    public void close() {
        OPEN.remove(this);
        pool.close();
        heldMarker.ifPresent(H2CrashLeftovers::release);
    }

    /**
     * Closes every database this process holds open, under whatever their owners are running (which then fails):
     * for a command a signal ends, which must not leave an H2 file looking as if its process had crashed.
     */
    public static void closeEveryOpen() {
        OPEN.forEach(Database::close);
    }

    @Override
    public String toString() {
        return "Database[" + displayUrl + "]";
    }
}

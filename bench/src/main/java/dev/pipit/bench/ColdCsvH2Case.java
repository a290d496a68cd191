package dev.pipit.bench;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * csv-h2-cold: the events CSV into H2 as a user runs it from a shell, JVM start included. Pipit: the distribution's
 * {@code bin/scheduler run events}, importing the file from S3 into a new H2 file database. Baseline: a new JVM
 * running the univocity + JDBC batch loop of {@code csv-h2} ({@link UnivocityJdbcLoad}) over the file on disk into a
 * plain {@code jdbc:h2:file:} database. Each rate is rows over the process's wall time, spawn to exit.
 */
final class ColdCsvH2Case implements BenchCase {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "csv-h2-cold";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        Path dir = env.workDir().resolve(name());
        Path events = env.eventsFile();
        PipitProject.create(dir, env.s3()).addDataSource(PipitImport.TABLE,
                "s3://" + BenchEnvironment.EVENTS_BUCKET + "/" + BenchEnvironment.EVENTS_KEY, "@on-demand");
        String pipitUrl = "jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath();
        Path config = Files.writeString(dir.resolve("scheduler.properties"), "db.url=" + pipitUrl + "\n");
        Path home = Path.of(System.getProperty("pipit.home"));

        // The launcher's first command stores the classes Pipit starts with (once per JVM and build, README
        // "Commands"); a user's later commands all start from that archive, so it is made before the timing.
        timeProcess(List.of(home.resolve("bin/scheduler").toString(), "--version"), dir.resolve("version.log"));
        env.log("running bin/scheduler run over %,d rows", env.rows());
        long pipitNanos = timeProcess(List.of(home.resolve("bin/scheduler").toString(), "run",
                "--project=" + dir, "--config=" + config, PipitImport.TABLE), dir.resolve("scheduler-run.log"));
        try (Database pipit = Database.open(PipitConfig.of(Map.of("db.url", pipitUrl)), dir)) {
            check(pipit.dataSource()::getConnection, env.rows(), "bin/scheduler run");
            new PlainH2(dir, pipit).connect(PipitImport.TABLE).close();
        }

        env.log("running the plain loop in a new JVM over %,d rows", env.rows());
        String plainUrl = PlainH2.url(dir);
        List<String> loop = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PlainLoadMain.class.getName(), plainUrl,
                PipitImport.TABLE, events.toString()));
        long loopNanos = timeProcess(loop, dir.resolve("plain-loop.log"));
        check(() -> DriverManager.getConnection(plainUrl, "sa", ""), env.rows(), "the plain loop");

        return Result.of(name(), LoadComparison.perSecond(env.rows(), pipitNanos), UnivocityJdbcLoad.NAME
                + " in a new JVM", LoadComparison.perSecond(env.rows(), loopNanos), "rows/s", "≥ 1.2×",
                String.format(Locale.ROOT, "%,d rows; wall time with JVM start: bin/scheduler run %.1f s, the loop "
                        + "%.1f s", env.rows(), pipitNanos / 1e9, loopNanos / 1e9));
    }

    /** @return the nanoseconds from starting {@code command} to its exit, which must be 0 */
    private static long timeProcess(List<String> command, Path log) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within " + TIMEOUT + "; see " + log);
        }
        long nanos = System.nanoTime() - start;
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " exited " + process.exitValue() + "; see " + log);
        }
        return nanos;
    }

    private static void check(LoadComparison.ConnectionSource db, long expected, String who) throws Exception {
        long rows = LoadComparison.count(db, PipitImport.TABLE);
        if (rows != expected) {
            throw new IllegalStateException(who + " left " + rows + " rows; expected " + expected);
        }
    }

    /** The baseline's process: the plain loop of {@code csv-h2}, and nothing else. */
    static final class PlainLoadMain {
        private PlainLoadMain() {}

        /** Arguments: the H2 URL, the table (which exists), the CSV file. */
        public static void main(String[] arguments) throws Exception {
            try (Connection connection = DriverManager.getConnection(arguments[0], "sa", "")) {
                UnivocityJdbcLoad.load(connection, arguments[1], Path.of(arguments[2]));
            }
        }
    }
}

package dev.pipit.distribution.testutil;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.testkit.net.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Pipit as a real separate process, started by the launcher users run ({@code bin/scheduler} of the distribution
 * layout, {@code distribution/target/pipit}), so end-to-end tests see what users see: the launcher's JVM options
 * and class archive, the plugin class loaders, signals and exit codes. Output goes to a file the test can wait on.
 */
public final class PipitProcess implements AutoCloseable {
    private static final Path HOME = Path.of("target", "pipit").toAbsolutePath();
    private static final Path LAUNCHER = HOME.resolve("bin").resolve("scheduler");
    private static final String JVM_BIN = Path.of(System.getProperty("java.home"), "bin").toString();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean launcherReady;

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private PipitProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code bin/scheduler ARGS} in {@code workDir} with extra environment variables, on the test's own JVM
     * with a 256 MB heap and the JIT's first tier only, unless {@code environment} sets {@code PIPIT_JAVA_OPTS}.
     */
    public static PipitProcess start(Path workDir, Map<String, String> environment, String... args) throws IOException {
        makeClassArchiveOnce(workDir);
        return start(LAUNCHER, workDir, environment, args);
    }

    /** Starts the {@code bin/scheduler} of another layout, as {@link #start(Path, Map, String...)} starts ours. */
    public static PipitProcess start(Path launcher, Path workDir, Map<String, String> environment, String... args)
            throws IOException {
        return start(List.of(launcher.toString()), workDir, environment, args);
    }

    /**
     * Starts Pipit as {@link #start(Path, Map, String...)} does, under a limit on the size of each file it writes
     * ({@code ulimit -f}): the system refuses a write past it as it refuses one on a full disk ("File too large").
     */
    public static PipitProcess startUnderFileSizeLimit(long kilobytes, Path workDir, Map<String, String> environment,
            String... args) throws IOException {
        makeClassArchiveOnce(workDir);
        String limited = "ulimit -f " + kilobytes + " && exec \"$0\" \"$@\"";
        return start(List.of("bash", "-c", limited, LAUNCHER.toString()), workDir, environment, args);
    }

    private static PipitProcess start(List<String> launcher, Path workDir, Map<String, String> environment,
            String... args) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(workDir, "pipit-" + args[0] + "-", ".out");
        Path stderr = Files.createTempFile(workDir, "pipit-" + args[0] + "-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PIPIT_") || name.equals("JAVA_OPTS"));
        // The launcher runs the java its PATH finds first: let it be the one running the tests.
        env.merge("PATH", JVM_BIN, (path, jvm) -> jvm + File.pathSeparator + path);
        // C1 only: a test's daemon lives seconds, in which C2's compiling took 40 % of its CPU (6.3 against 3.9 CPU
        // seconds for the quickstart's first 30 s), and the suite is bound by the CPU of two cores.
        env.put("PIPIT_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        // Daemons of parallel tests (and of other checkouts) would all want port 9080.
        env.put("PIPIT_HTTP_PORT", "0");
        env.putAll(environment);
        return new PipitProcess(builder.start(), stdout, stderr);
    }

    /**
     * The launcher's first command stores a class archive for the others (about four seconds). Made here, before
     * the test's own first command, so that no test's timing or signals meet the launcher's child JVM instead of
     * Pipit.
     */
    private static synchronized void makeClassArchiveOnce(Path workDir) throws IOException {
        if (launcherReady) {
            return;
        }
        if (!Files.isExecutable(LAUNCHER) || !Files.isDirectory(HOME.resolve("lib"))) {
            throw new IllegalStateException(HOME + " is missing: end-to-end tests run after `mvn package` lays it out");
        }
        try (PipitProcess version = start(LAUNCHER, workDir, Map.of(), "--version")) {
            int exit = version.waitFor(Duration.ofMinutes(2));
            if (exit != 0) {
                throw new IllegalStateException(LAUNCHER + " --version exited with " + exit + ":\n" + version.output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + LAUNCHER + " made its class archive", e);
        }
        launcherReady = true;
    }

    /**
     * The first row {@code sql} answers, read as an admin reads, through {@code bin/scheduler sql}: after a
     * {@code kill -9} the first program to open an H2 file must be Pipit, which removes what H2 keeps of the
     * interrupted transactions (README, "Crash safety on H2"); another reader would count those rows.
     */
    public static JsonNode sqlRow(Path project, Map<String, String> environment, Duration timeout, String sql)
            throws IOException, InterruptedException {
        Result result = run(project, environment, timeout, "sql", sql, "--json", "--project", project.toString());
        if (result.exitCode() != 0) {
            throw new AssertionError("sql exited with " + result.exitCode() + ":\n" + result.output());
        }
        return JSON.readTree(result.stdout()).get(0);
    }

    /**
     * Starts a daemon on {@code project}, triggers {@code dataSource} from the command line, waits for the run to
     * succeed, and stops the daemon with SIGTERM: how the crash and stop tests import what an interrupted daemon
     * left pending.
     */
    public static void drainWithDaemon(Path project, Map<String, String> environment, Duration timeout,
            String dataSource) throws IOException, InterruptedException {
        try (PipitProcess daemon = start(project, environment, "start", project.toString())) {
            daemon.awaitLine("Pipit is running", timeout);
            Result trigger = run(project, environment, timeout, "trigger", dataSource, "--project", project.toString());
            if (trigger.exitCode() != 0) {
                throw new AssertionError("trigger exited with " + trigger.exitCode() + ":\n" + trigger.output());
            }
            int exit = daemon.terminate(timeout);
            if (exit != 143) {
                throw new AssertionError("the daemon exited with " + exit + " after SIGTERM:\n" + daemon.output());
            }
        }
    }

    /** Runs a command to its end and returns its exit code and output. */
    public static Result run(Path workDir, Map<String, String> environment, Duration timeout, String... args)
            throws IOException, InterruptedException {
        try (PipitProcess process = start(workDir, environment, args)) {
            int exit = process.waitFor(timeout);
            return new Result(exit, process.stdout(), process.output());
        }
    }

    /** A free loopback port for a daemon's JMX endpoint. */
    public static int freePort() {
        try {
            return FreePorts.one();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the output has a line matching {@code regex}; fails with the output if the process dies first. */
    public void awaitLine(String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (output().lines().anyMatch(line -> pattern.matcher(line).find())) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + " before printing /" + regex
                        + "/:\n" + output());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line matched /" + regex + "/ within " + timeout + ":\n" + output());
    }

    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("process did not end within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, exactly what a crash or {@code kill -9} does. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the daemon's shutdown hook runs; a JVM ended by SIGTERM exits with 143 (128 + 15). */
    public int terminate(Duration timeout) throws InterruptedException {
        sendSigterm();
        return waitFor(timeout);
    }

    /** SIGTERM, without waiting for the process to end. */
    public void sendSigterm() {
        process.destroy();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Standard output and then standard error, for assertions on messages and for failure reports. */
    public String output() {
        return stdout() + read(stderr);
    }

    /** Standard output alone: what {@code --json} prints, without log lines. */
    public String stdout() {
        return read(stdout);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the process if it still runs; a test interrupted meanwhile gets its interrupt back. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A finished command.
     *
     * @param stdout standard output alone
     * @param output standard output and then standard error
     */
    public record Result(int exitCode, String stdout, String output) {
        public Result {
            requireNonNull(stdout, "stdout is null");
            requireNonNull(output, "output is null");
        }
    }
}

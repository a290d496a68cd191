package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.PipitProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code bin/scheduler} as a user's shell runs it, on a copy of the distribution layout of its own (the other
 * tests share {@code target/pipit}): the class archive it makes once and makes again for rebuilt jars, and the
 * compilers each command gets.
 */
class LauncherIT {
    private static final Path LAYOUT = Path.of("target", "pipit").toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String LOADED_FROM_THE_ARCHIVE =
            "dev.pipit.scheduler.cli.Main source: shared objects file (top)";

    @TempDir
    Path home;

    /** A layout of the test's own, for the tests that watch the launcher make its class archive. */
    private void layOutACopy() throws IOException {
        for (String folder : List.of("bin", "conf", "lib")) {
            Path target = Files.createDirectories(home.resolve(folder));
            try (Stream<Path> files = Files.list(LAYOUT.resolve(folder))) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()),
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.createSymbolicLink(home.resolve("plugins"), LAYOUT.resolve("plugins"));
    }

    /** JUnit would warn that it deletes a link to outside the temporary folder; it is ours to delete. */
    @AfterEach
    void removeTheLinkToThePlugins() throws IOException {
        Files.deleteIfExists(home.resolve("plugins"));
    }

    @Test
    void theFirstCommandStoresAClassArchiveThatLaterCommandsLoadPipitFrom() throws Exception {
        layOutACopy();
        assertThat(launch("", "--version")).contains("pipit ");
        List<Path> archives = archives();
        assertThat(archives).hasSize(1);

        assertThat(launch("-Xlog:class+load=info", "--version")).contains(LOADED_FROM_THE_ARCHIVE);
        assertThat(archives()).isEqualTo(archives);
    }

    @Test
    void aRebuiltJarGetsANewArchiveInPlaceOfTheOne() throws Exception {
        layOutACopy();
        launch("", "--version");
        List<Path> before = archives();

        // What a rebuild does to a jar the archive holds classes of: the JVM would refuse the archive from now on.
        Path jar;
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            jar = jars.filter(file -> file.getFileName().toString().startsWith("pipit-scheduler-")).findFirst()
                    .orElseThrow();
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plus(1, ChronoUnit.HOURS)));

        assertThat(launch("-Xlog:class+load=info", "--version")).contains(LOADED_FROM_THE_ARCHIVE);
        List<Path> after = archives();
        assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
    }

    @ParameterizedTest(name = "{0}: level {1}")
    @CsvSource({
        "status, 1",
        "trigger, 1",
        "history, 1",
        "check, 1",
        "pipe, 1",
        "start, 4",
        "run, 4",
        "sql, 4",
        "copy, 4",
        "sink, 4",
    })
    void quickCommandsRunOnTheFirstCompilerAloneAndTheWorkingOnesOnBoth(String command, int level) throws Exception {
        assertThat(flags("-XX:+PrintFlagsFinal", command)).containsPattern("TieredStopAtLevel\\s+= " + level + "\\s");
    }

    @Test
    void javaOptionsOverruleTheLaunchersChoiceOfCompilers() throws Exception {
        assertThat(flags("-XX:TieredStopAtLevel=4 -XX:+PrintFlagsFinal", "status"))
                .containsPattern("TieredStopAtLevel\\s+= 4\\s");
    }

    /** The JVM flags {@code bin/scheduler COMMAND --help} of the shared layout runs with (no archive to make). */
    private String flags(String javaOptions, String command) throws IOException, InterruptedException {
        PipitProcess.Result help = PipitProcess.run(home, Map.of("PIPIT_JAVA_OPTS", javaOptions), TIMEOUT, command,
                "--help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        return help.stdout();
    }

    /** Runs the copy's launcher and returns its standard output. */
    private String launch(String javaOptions, String... arguments) throws IOException, InterruptedException {
        try (PipitProcess process = PipitProcess.start(home.resolve("bin").resolve("scheduler"), home,
                Map.of("PIPIT_JAVA_OPTS", javaOptions), arguments)) {
            assertThat(process.waitFor(TIMEOUT)).as(process.output()).isZero();
            return process.stdout();
        }
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("cds"))) {
            return files.sorted().toList();
        }
    }
}

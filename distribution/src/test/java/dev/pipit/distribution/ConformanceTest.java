package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.InProcessCli;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code check} over every conformance project: the copy committed here, and the shared set beside the
 * checkout when there is one, so cases added there are tested without copying them first. Every plugin is on
 * this module's test class path.
 */
class ConformanceTest {
    private static final Path COMMITTED = Path.of("src/test/resources/conformance");
    private static final Path SHARED = Path.of("../../shared/conformance");

    static Stream<Path> projects() throws IOException {
        List<Path> projects = new ArrayList<>(projectsIn(COMMITTED));
        if (Files.isDirectory(SHARED)) {
            projects.addAll(projectsIn(SHARED));
        }
        return projects.stream();
    }

    private static List<Path> projectsIn(Path set) throws IOException {
        try (Stream<Path> folders = Files.list(set)) {
            return folders.filter(folder -> Files.isRegularFile(folder.resolve("expected.txt"))).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projects")
    void checkMeetsExpectation(Path project) throws IOException {
        String expected = Files.readString(project.resolve("expected.txt"), StandardCharsets.UTF_8).strip();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = InProcessCli.execute(out, err, new String[] {"check", project.toString()});

        String printed = out + "\n" + err;
        if (expected.equals("loads")) {
            assertThat(exitCode).as("exit code; output:%n%s", printed).isZero();
            return;
        }
        String[] words = expected.split("\\s+");
        assertThat(words).as("expected.txt of %s", project).hasSize(3).startsWith("error");
        assertThat(exitCode).as("exit code; output:%n%s", printed).isEqualTo(1);
        assertThat(printed.lines())
                .as("a line naming %s and %s", words[1], words[2])
                .anySatisfy(line -> assertThat(line).contains(words[1] + ":").contains(words[2]).contains("error"));
    }
}

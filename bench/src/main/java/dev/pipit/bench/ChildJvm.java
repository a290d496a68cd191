package dev.pipit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's {@code main} in a JVM of its own, with this JVM's class path and plugins, so that its heap and
 * CPU are Pipit's alone (the servers stay in this JVM). The probe prints one JSON object as its last stdout line.
 */
final class ChildJvm {
    private ChildJvm() {}

    static JsonNode run(List<String> jvmOptions, Class<?> main, List<String> arguments, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        String home = System.getProperty("pipit.home");
        if (home != null) {
            command.add("-Dpipit.home=" + home);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // Reading stops only at the end of the child's output; past the timeout, ending the child brings it.
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "child-jvm-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                last = line;
            }
        }
        process.waitFor();
        if (process.exitValue() != 0 || last == null) {
            throw new IllegalStateException(main.getSimpleName() + " failed or did not finish within " + timeout
                    + " (exit " + process.exitValue() + "); its error output is above");
        }
        return new ObjectMapper().readTree(last);
    }
}

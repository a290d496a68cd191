package dev.pipit.scheduler.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.run.JvmErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** In a JVM of its own, since the handler ends the process it runs in. */
class UnusableJvmExitTest {
    @Test
    void aJvmErrorInAnyThreadEndsTheProcessWithStatus70() throws Exception {
        Process child = run("jvm-error");

        assertThat(child.exitValue()).isEqualTo(JvmErrors.UNUSABLE_EXIT_CODE);
        assertThat(output(child)).contains("The JVM failed with OutOfMemoryError in thread console; other threads"
                + " may have failed with it").doesNotContain("after the error");
    }

    @Test
    void anyOtherUncaughtExceptionIsLoggedAndTheProcessGoesOn() throws Exception {
        Process child = run("exception");

        assertThat(child.exitValue()).isZero();
        assertThat(output(child)).contains("Thread console ended with an uncaught exception",
                "IllegalStateException: a bug", "after the error");
    }

    private static Process run(String failure) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), failure)).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        return child;
    }

    private static String output(Process child) throws IOException {
        return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** A process whose thread "console" dies of {@code args[0]}, then says whether it went on. */
    static final class Child {
        public static void main(String[] args) throws InterruptedException {
            UnusableJvmExit.install();
            Thread thread = new Thread(() -> {
                if (args[0].equals("jvm-error")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                throw new IllegalStateException("a bug");
            }, "console");
            thread.start();
            thread.join();
            System.out.println("after the error");
        }
    }
}

package dev.pipit.scheduler.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that answers is not closed. The closing itself needs a write the system refuses, which only a process
 * of its own can be given: {@code DatabaseClosedIT} runs the daemon under a file size limit.
 */
class ClosedDatabaseWatchTest {
    @TempDir
    Path dir;

    @Test
    void aDatabaseThatAnswersIsNotClosed() {
        try (Database database = Database.open(PipitConfig.of(Map.of("db.url", "jdbc:h2:file:" + dir.resolve("pipit"))),
                        dir);
                ClosedDatabaseWatch watch = ClosedDatabaseWatch.start(database, Duration.ofDays(1), () -> {})) {
            assertThat(watch.check()).isEmpty();
        }
    }
}

package dev.pipit.scheduler.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.Map;
import org.jdbi.v3.core.statement.StatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-line causes kept in the ledger and history, as a person reads them in `bin/scheduler files` and runs. */
class CausesTest {
    @TempDir
    Path dir;

    @Test
    void aStatementJdbiRanIsToldByTheDatabasesOwnErrorWithoutTheStatementAndItsArguments() {
        try (Database database = Database.open(PipitConfig.of(Map.of("db.url", "jdbc:h2:file:" + dir.resolve("pipit"))),
                dir)) {
            StatementException failure = catchThrowableOfType(
                    () -> database.jdbi().useHandle(handle -> handle.createUpdate(
                            "UPDATE pipit.files SET status = :status WHERE no_such_column = 1")
                            .bind("status", "imported").execute()),
                    StatementException.class);

            assertThat(failure.getMessage()).contains("[statement:");
            assertThat(Causes.describe(failure))
                    .startsWith("Column \"no_such_column\" not found")
                    .doesNotContain("JdbcSQL", "[statement:", "arguments");
        }
    }

    @Test
    void linesBecomeOneAndAMissingObjectIsNamed() {
        assertThat(Causes.describe(new RuntimeException(new IllegalStateException("ERROR: disk full\n  Where: COPY"))))
                .isEqualTo("ERROR: disk full; Where: COPY");
        assertThat(Causes.describe(new FileNotFoundException("/inbox/a.csv")))
                .isEqualTo("object not found: /inbox/a.csv");
    }
}

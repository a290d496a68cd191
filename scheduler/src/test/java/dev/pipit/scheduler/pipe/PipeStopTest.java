package dev.pipit.scheduler.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipeStopTest {
    /** Ten billion rows to count: no run of it ends on its own within a test. */
    private static final String ENDLESS = "SELECT count(*) FROM system_range(1, 100000) a, system_range(1, 100000) b";

    @Test
    void aRequestEndsTheStatementInProgressWheneverItComes() throws Exception {
        PipeStop stop = new PipeStop();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:");
                PreparedStatement statement = connection.prepareStatement(ENDLESS)) {
            Future<?> run = thread.submit(() -> stop.during(statement, statement::executeQuery));

            stop.request();

            // Before the statement started, `during` refuses it; after, the driver cancels it.
            assertThatThrownBy(() -> run.get(1, TimeUnit.MINUTES)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SQLException.class);
            assertThat(stop.describe(new SQLException("Statement was canceled")))
                    .isEqualTo("stopped by a signal before it finished");
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void withoutARequestAFailureIsDescribedAsItIs() {
        assertThat(new PipeStop().describe(new SQLException("relation \"nope\" does not exist")))
                .contains("relation \"nope\" does not exist");
    }
}

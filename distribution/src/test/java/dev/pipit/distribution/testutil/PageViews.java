package dev.pipit.distribution.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code page_views} data source of the object-store run tests as a person checks it after a run: through
 * {@code bin/scheduler sql} and {@code files}, each in a process of its own.
 */
public final class PageViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PageViews() {}

    /** Asserts the table's row count and the sum of its ids, which together tell a lost row from a doubled one. */
    public static void assertStored(Path project, Map<String, String> environment, Duration timeout, long rows,
            long idSum) throws IOException, InterruptedException {
        JsonNode count = json(PipitProcess.run(project, environment, timeout, "sql",
                "SELECT count(*) AS n, sum(id) AS ids FROM page_views", "--json", "--project", project.toString()));
        assertThat(count.get(0).get("n").asLong()).isEqualTo(rows);
        assertThat(count.get(0).get("ids").asLong()).isEqualTo(idSum);
    }

    /** The ledger as {@code files page_views --json} prints it. */
    public static JsonNode files(Path project, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        return json(PipitProcess.run(project, environment, timeout,
                "files", "page_views", "--json", "--project", project.toString()));
    }

    private static JsonNode json(PipitProcess.Result result) throws IOException {
        assertThat(result.exitCode()).as(result.output()).isZero();
        return JSON.readTree(result.stdout());
    }
}

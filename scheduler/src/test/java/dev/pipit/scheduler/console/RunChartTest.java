package dev.pipit.scheduler.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.history.RunRecord;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunChartTest {
    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void eachRunIsOneMarkColouredByItsStatusWithItsFilesAndRowsOnHover() {
        List<RunRecord> runs = List.of(run(1, RunStatus.SUCCEEDED, 3, 300), run(2, RunStatus.PARTIAL, 1, 10),
                run(3, RunStatus.FAILED, 0, 0), run(4, RunStatus.RUNNING, 0, 0));

        String svg = RunChart.svg(runs, Duration.ofHours(24));

        assertThat(svg).contains("data-runs=\"4\"", "4 runs in the last 24 hours")
                .contains("class=\"run succeeded\" data-run-id=\"1\"", "class=\"run partial\" data-run-id=\"2\"",
                        "class=\"run failed\" data-run-id=\"3\"", "class=\"run running\" data-run-id=\"4\"")
                .contains("<title>Run #1 · succeeded · 2026-12-06 08:00:01 UTC · 3 files, 300 rows</title>")
                .contains("<a href=\"/runs/2\">");
        assertThat(svg.split("<rect ", -1)).hasSize(5);
    }

    @Test
    void aThousandRunsStillFitTheWidthAndAnEmptyWindowSaysSo() {
        List<RunRecord> runs = java.util.stream.LongStream.rangeClosed(1, 1440)
                .mapToObj(id -> run(id, RunStatus.SUCCEEDED, 1, 1)).toList();

        assertThat(RunChart.svg(runs, Duration.ofDays(7))).contains("1440 runs in the last 7 days")
                .contains("x=\"959.33\"");
        assertThat(RunChart.svg(List.of(), Duration.ofDays(7))).contains("No runs in the last 7 days");
    }

    private static RunRecord run(long id, RunStatus status, int files, long rows) {
        return new RunRecord(id, "orders", RunTrigger.AUTO, "node-a", T0.plusSeconds(id),
                status == RunStatus.RUNNING ? null : T0.plusSeconds(id + 1), status, files, rows, rows * 10, 0, null);
    }
}

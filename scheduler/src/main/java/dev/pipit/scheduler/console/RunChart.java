package dev.pipit.scheduler.console;

import dev.pipit.scheduler.history.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The sync-history tracker chart: one mark per run over a window, coloured by status, drawn on the server as
 * inline SVG. Hovering a mark shows its run (the SVG {@code <title>}), and each mark links to the run's page.
 */
public final class RunChart {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 64;
    private static final int MARK_WIDTH = 6;
    private static final int TOP = 6;
    private static final int BOTTOM = 20;

    private RunChart() {}

    /**
     * @param runs the runs that started within the window, oldest first
     * @param end the chart's right edge, usually now
     */
    public static String svg(List<RunRecord> runs, Duration window, Instant end) {
        Instant start = end.minus(window);
        double span = window.toMillis();
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"tracker\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" data-runs=\"").append(runs.size())
                .append("\"><title>").append(runs.size()).append(" runs in the last ").append(label(window))
                .append("</title>");
        svg.append("<line class=\"axis\" x1=\"0\" y1=\"").append(HEIGHT - BOTTOM).append("\" x2=\"").append(WIDTH)
                .append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>");
        for (RunRecord run : runs) {
            double position = Math.max(0, Math.min(1, (run.startedAt().toEpochMilli() - start.toEpochMilli()) / span));
            int x = (int) Math.round(position * (WIDTH - MARK_WIDTH));
            String status = run.status().name().toLowerCase(Locale.ROOT);
            svg.append("<a href=\"/runs/").append(run.id()).append("\"><rect class=\"run ").append(status)
                    .append("\" data-run-id=\"").append(run.id()).append("\" data-status=\"").append(status)
                    .append("\" x=\"").append(x).append("\" y=\"").append(TOP).append("\" width=\"").append(MARK_WIDTH)
                    .append("\" height=\"").append(HEIGHT - BOTTOM - TOP).append("\" rx=\"1\"><title>")
                    .append(Html.text(describe(run))).append("</title></rect></a>");
        }
        svg.append("<text x=\"0\" y=\"").append(HEIGHT - 4).append("\">").append(Html.time(start)).append("</text>");
        svg.append("<text x=\"").append(WIDTH).append("\" y=\"").append(HEIGHT - 4)
                .append("\" text-anchor=\"end\">now</text></svg>");
        return svg.toString();
    }

    static String describe(RunRecord run) {
        return "Run #" + run.id() + " · " + run.status().name().toLowerCase(Locale.ROOT) + " · "
                + Html.time(run.startedAt()) + " · " + run.files() + (run.files() == 1 ? " file, " : " files, ")
                + run.rows() + (run.rows() == 1 ? " row" : " rows")
                + (run.quarantined() > 0 ? ", " + run.quarantined() + " quarantined" : "");
    }

    static String label(Duration window) {
        return window.toHours() % 24 == 0 && window.toHours() >= 48 ? window.toDays() + " days" : window.toHours() + " hours";
    }
}

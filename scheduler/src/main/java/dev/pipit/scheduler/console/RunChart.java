package dev.pipit.scheduler.console;

import dev.pipit.scheduler.history.RunRecord;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The sync-history tracker chart: one mark per run of a window, oldest on the left, coloured by status, drawn on
 * the server as inline SVG. Marks take equal slots in run order rather than a place on a time axis, so runs a
 * few seconds apart stay apart; the axis says when the first and the last one started. Hovering a mark shows its
 * run (the SVG {@code <title>}), and each mark links to the run's page.
 */
public final class RunChart {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 64;
    private static final double MAX_SLOT = 16;
    private static final int TOP = 6;
    private static final int BOTTOM = 20;

    private RunChart() {}

    /** @param runs the runs that started within the window, oldest first */
    public static String svg(List<RunRecord> runs, Duration window) {
        double slot = runs.isEmpty() ? MAX_SLOT : Math.min(MAX_SLOT, (double) WIDTH / runs.size());
        double gap = slot >= 4 ? 2 : 0;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"tracker\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" data-runs=\"").append(runs.size())
                .append("\"><title>").append(runs.size()).append(runs.size() == 1 ? " run" : " runs")
                .append(" in the last ").append(label(window)).append("</title>");
        svg.append("<line class=\"axis\" x1=\"0\" y1=\"").append(HEIGHT - BOTTOM).append("\" x2=\"").append(WIDTH)
                .append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>");
        for (int i = 0; i < runs.size(); i++) {
            RunRecord run = runs.get(i);
            String status = run.status().name().toLowerCase(Locale.ROOT);
            svg.append("<a href=\"/runs/").append(run.id()).append("\"><rect class=\"run ").append(status)
                    .append("\" data-run-id=\"").append(run.id()).append("\" data-status=\"").append(status)
                    .append("\" x=\"").append(format(i * slot)).append("\" y=\"").append(TOP)
                    .append("\" width=\"").append(format(slot - gap)).append("\" height=\"")
                    .append(HEIGHT - BOTTOM - TOP).append("\" rx=\"1\"><title>").append(Html.text(describe(run)))
                    .append("</title></rect></a>");
        }
        if (runs.isEmpty()) {
            svg.append("<text x=\"0\" y=\"").append(HEIGHT - BOTTOM - 8).append("\">No runs in the last ")
                    .append(label(window)).append("</text>");
        } else {
            svg.append("<text x=\"0\" y=\"").append(HEIGHT - 4).append("\">")
                    .append(Html.time(runs.get(0).startedAt())).append("</text><text x=\"").append(WIDTH)
                    .append("\" y=\"").append(HEIGHT - 4).append("\" text-anchor=\"end\">")
                    .append(Html.time(runs.get(runs.size() - 1).startedAt())).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
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

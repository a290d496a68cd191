package dev.pipit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders results as the table people read or as the JSON array scripts read. */
final class ResultTable {
    private static final String[] HEADER = {"case", "pipit", "baseline", "baseline value", "unit", "ratio", "goal"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultTable() {}

    /**
     * The JSON interface: one object per case with exactly {@code case, pipit, baseline, baseline_value, unit,
     * ratio, rounds}, the first six of the median round. Fields may be added, never renamed.
     */
    static String json(List<Rounds> cases) {
        ArrayNode array = JSON.createArrayNode();
        for (Rounds rounds : cases) {
            Result result = rounds.median();
            ObjectNode node = array.addObject();
            node.put("case", result.name());
            node.put("pipit", round(result.pipit()));
            node.put("baseline", result.baseline());
            node.put("baseline_value", round(result.baselineValue()));
            node.put("unit", result.unit());
            node.put("ratio", round(result.ratio()));
            ArrayNode ratios = node.putArray("rounds");
            rounds.ratios().forEach(ratio -> ratios.add(round(ratio)));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(List<Rounds> cases, Machine machine) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Rounds rounds : cases) {
            Result result = rounds.median();
            rows.add(new String[] {result.name(), figure(result.pipit()), result.baseline(),
                figure(result.baselineValue()), result.unit(), String.format(Locale.ROOT, "%.2f×", result.ratio()),
                result.goal()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i == 0 ? "" : "  ").append(i == 1 || i == 3 || i == 5
                        ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false));
            }
            out.append(System.lineSeparator());
        }
        out.append(System.lineSeparator());
        for (Rounds rounds : cases) {
            if (!rounds.note().isEmpty()) {
                out.append(rounds.median().name()).append(": ").append(rounds.note()).append(System.lineSeparator());
            }
        }
        out.append("Machine: ").append(machine).append(System.lineSeparator());
        return out.toString();
    }

    private static String figure(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }
}

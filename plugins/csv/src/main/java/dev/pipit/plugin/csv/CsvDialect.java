package dev.pipit.plugin.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * How a file separates fields and records, guessed from its first bytes.
 *
 * <p>The guess splits the sample into records (outside double quotes, so a quoted delimiter or line break does
 * not count) and counts each candidate delimiter per record. The first record, usually the header, sets the
 * expected count; the candidate that occurs in the first record and has that same count in the most records
 * wins. Ties go to the higher count, then to the order comma, tab, semicolon, pipe, with tab first for a
 * {@code .tsv} key. A file with none of them is a single column. The rule is deterministic, so the same file
 * always reads the same way.
 *
 * @param delimiter the field separator
 * @param lineSeparator {@code "\r\n"} or {@code "\n"}, from the first line break: files use one kind throughout
 */
record CsvDialect(char delimiter, String lineSeparator) {
    private static final String CANDIDATES = ",\t;|";
    private static final String TSV_CANDIDATES = "\t,;|";

    static CsvDialect detect(String sample, String extension) {
        String candidates = "tsv".equals(extension) ? TSV_CANDIDATES : CANDIDATES;
        List<int[]> counts = new ArrayList<>();
        String lineSeparator = null;
        int[] current = new int[candidates.length()];
        boolean empty = true;
        boolean quoted = false;
        for (int i = 0; i < sample.length(); i++) {
            char c = sample.charAt(i);
            if (c == '"') {
                // An escaped quote ("") toggles twice, which leaves the state as it was.
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                if (lineSeparator == null) {
                    lineSeparator = i > 0 && sample.charAt(i - 1) == '\r' ? "\r\n" : "\n";
                }
                if (!empty) {
                    counts.add(current);
                }
                current = new int[candidates.length()];
                empty = true;
                continue;
            } else if (!quoted && candidates.indexOf(c) >= 0) {
                current[candidates.indexOf(c)]++;
            }
            empty = empty && c == '\r';
        }
        if (!empty) {
            counts.add(current);
        }
        return new CsvDialect(pick(candidates, counts), lineSeparator == null ? "\n" : lineSeparator);
    }

    private static char pick(String candidates, List<int[]> counts) {
        char best = candidates.charAt(0);
        int bestScore = 0;
        int bestCount = 0;
        for (int k = 0; k < candidates.length() && !counts.isEmpty(); k++) {
            int expected = counts.get(0)[k];
            if (expected == 0) {
                continue;
            }
            int score = 0;
            for (int[] record : counts) {
                score += record[k] == expected ? 1 : 0;
            }
            if (score > bestScore || (score == bestScore && expected > bestCount)) {
                best = candidates.charAt(k);
                bestScore = score;
                bestCount = expected;
            }
        }
        return best;
    }
}

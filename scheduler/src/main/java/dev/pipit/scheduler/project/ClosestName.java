package dev.pipit.scheduler.project;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the declared name a misspelt one was probably meant to be, for "did you mean S3_REGION?". */
final class ClosestName {
    private ClosestName() {}

    /** The candidate nearest to {@code name} by edit distance, if one is near enough to be a typo of it. */
    static Optional<String> closest(String name, Collection<String> candidates) {
        String wanted = name.toUpperCase(Locale.ROOT);
        // A third of the name, at least two edits: close enough for typos, far enough not to suggest noise.
        int limit = Math.max(2, wanted.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(wanted, candidate.toUpperCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** "; did you mean X?" or nothing, to append to an unknown-key message. */
    static String suggestion(String name, Collection<String> candidates) {
        return closest(name, candidates).map(found -> "; did you mean " + found + "?").orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

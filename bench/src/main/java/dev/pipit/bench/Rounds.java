package dev.pipit.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The figures of one case over the rounds of {@code --repeat}: the round with the median ratio, and every round's
 * ratio. On a shared machine one run of a case moves by 0.1 to 0.3 of its ratio; a median of rounds, each with its
 * own servers and data, moves less, and the spread shows how far to trust it.
 *
 * @param median the round whose ratio is the median (the lower of the two middle ones for an even count)
 * @param ratios every round's ratio, in round order
 */
record Rounds(Result median, List<Double> ratios) {
    Rounds {
        ratios = List.copyOf(ratios);
    }

    /**
     * Each case's rounds.
     *
     * @param rounds the results of each round, every round in the same order of cases
     */
    static List<Rounds> of(List<List<Result>> rounds) {
        List<Rounds> cases = new ArrayList<>();
        for (int i = 0; i < rounds.get(0).size(); i++) {
            List<Result> ofCase = new ArrayList<>();
            for (List<Result> round : rounds) {
                ofCase.add(round.get(i));
            }
            List<Result> sorted = ofCase.stream().sorted(Comparator.comparingDouble(Result::ratio)).toList();
            cases.add(new Rounds(sorted.get((sorted.size() - 1) / 2),
                    ofCase.stream().map(Result::ratio).toList()));
        }
        return cases;
    }

    /** The median round's note, followed by every round's ratio when there was more than one round. */
    String note() {
        if (ratios.size() == 1) {
            return median.note();
        }
        String spread = String.format(Locale.ROOT, "ratios of %d rounds %s, the median round shown", ratios.size(),
                ratios.stream().map(ratio -> String.format(Locale.ROOT, "%.2f×", ratio))
                        .collect(Collectors.joining(", ")));
        return median.note().isEmpty() ? spread : median.note() + "; " + spread;
    }
}

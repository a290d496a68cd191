package dev.pipit.bench;

import static java.util.Objects.requireNonNull;

/**
 * One case's figures: Pipit's and the baseline's, measured in the same process on the same data.
 *
 * @param ratio Pipit's figure over the baseline's; whether higher is better depends on the unit, and {@link #goal}
 *     says which way it should go
 * @param note what else the case measured, for the table only (the JSON keeps its fixed fields)
 */
public record Result(String name, double pipit, String baseline, double baselineValue, String unit, double ratio,
        String goal, String note) {
    public Result {
        requireNonNull(name, "name is null");
        requireNonNull(baseline, "baseline is null");
        requireNonNull(unit, "unit is null");
        requireNonNull(goal, "goal is null");
        requireNonNull(note, "note is null");
    }

    /** A result whose ratio is Pipit's figure over the baseline's. */
    public static Result of(String name, double pipit, String baseline, double baselineValue, String unit, String goal,
            String note) {
        return new Result(name, pipit, baseline, baselineValue, unit, baselineValue == 0 ? 0 : pipit / baselineValue,
                goal, note);
    }
}

package dev.pipit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundsTest {
    @Test
    void eachCaseShowsItsMedianRoundAndListsEveryRatioInRoundOrder() {
        List<Rounds> cases = Rounds.of(List.of(
                List.of(kafka(90, 100), many(70)),
                List.of(kafka(60, 100), many(80)),
                List.of(kafka(50, 50), many(60))));

        assertThat(cases).hasSize(2);
        assertThat(cases.get(0).median().pipit()).isEqualTo(90);
        assertThat(cases.get(0).ratios()).containsExactly(0.9, 0.6, 1.0);
        assertThat(cases.get(0).note()).isEqualTo("500 messages; ratios of 3 rounds 0.90×, 0.60×, 1.00×, the median "
                + "round shown");
        assertThat(cases.get(1).median().ratio()).isEqualTo(0.7);
        assertThat(cases.get(1).note()).isEqualTo("ratios of 3 rounds 0.70×, 0.80×, 0.60×, the median round shown");
    }

    @Test
    void anEvenCountShowsTheLowerOfTheMiddleRounds() {
        List<Rounds> cases = Rounds.of(List.of(List.of(many(90)), List.of(many(60)), List.of(many(70)),
                List.of(many(80))));

        assertThat(cases.get(0).median().ratio()).isEqualTo(0.7);
    }

    @Test
    void oneRoundKeepsItsNote() {
        assertThat(Rounds.of(List.of(List.of(kafka(90, 100)))).get(0).note()).isEqualTo("500 messages");
    }

    private static Result kafka(double pipit, double baseline) {
        return Result.of("kafka", pipit, "by hand", baseline, "msgs/s", "≥ 0.5×", "500 messages");
    }

    private static Result many(double pipit) {
        return Result.of("many-files", pipit, "one file", 100, "rows/s", "≥ 0.8×", "");
    }
}

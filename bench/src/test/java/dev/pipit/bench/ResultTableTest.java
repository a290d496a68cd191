package dev.pipit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
    private static final List<Rounds> RESULTS = Rounds.of(List.of(List.of(
            Result.of("csv-h2", 150_000, "univocity + JDBC batch insert", 100_000, "rows/s", "≥ 1.0×", "2 M rows"),
            Result.of("discovery", 12, "idle tick, 1k keys", 10, "ms/tick", "≈ 1.0×", ""))));

    @Test
    void jsonHasExactlyTheInterfaceFieldsPerCase() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ResultTable.json(RESULTS));

        assertThat(json).hasSize(2);
        assertThat(json.get(0).fieldNames()).toIterable()
                .containsExactly("case", "pipit", "baseline", "baseline_value", "unit", "ratio", "rounds");
        assertThat(json.get(0).get("case").asText()).isEqualTo("csv-h2");
        assertThat(json.get(0).get("ratio").asDouble()).isEqualTo(1.5);
        assertThat(json.get(1).get("baseline_value").asDouble()).isEqualTo(10);
        assertThat(json.get(0).get("rounds")).extracting(JsonNode::asDouble).containsExactly(1.5);
    }

    @Test
    void tableShowsEveryCaseItsGoalItsNoteAndTheMachine() {
        String text = ResultTable.text(RESULTS, new Machine(2, 4L << 30, "OpenJDK 17"));

        assertThat(text).contains("csv-h2", "150,000", "100,000", "1.50×", "≥ 1.0×", "csv-h2: 2 M rows",
                "discovery", "1.20×", "Machine: 2 cores, 4096 MB memory, OpenJDK 17");
        assertThat(text).doesNotContain("discovery: ");
    }
}

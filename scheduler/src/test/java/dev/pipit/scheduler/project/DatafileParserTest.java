package dev.pipit.scheduler.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatafileParserTest {
    private final List<Diagnostic> problems = new ArrayList<>();

    private Datafile parse(String... lines) {
        return DatafileParser.parse("datasources/x.datasource", String.join("\n", lines), problems);
    }

    @Test
    void readsBareSingleAndDoubleQuotedValuesWithUpperCaseKeys() {
        Datafile file = parse("engine MergeTree", "ENGINE_SORTING_KEY 'ts, id'", "ENGINE_TTL \"ts + toIntervalDay(90)\"",
                "IMPORT_BUCKET_URI s3://bucket/a b/*.csv");

        assertThat(problems).isEmpty();
        assertThat(file.entries()).extracting(Datafile.Entry::key, Datafile.Entry::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ENGINE", "MergeTree"),
                org.assertj.core.groups.Tuple.tuple("ENGINE_SORTING_KEY", "ts, id"),
                org.assertj.core.groups.Tuple.tuple("ENGINE_TTL", "ts + toIntervalDay(90)"),
                org.assertj.core.groups.Tuple.tuple("IMPORT_BUCKET_URI", "s3://bucket/a b/*.csv"));
        assertThat(file.entries()).extracting(entry -> entry.location().line()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void skipsCommentsBlankLinesAndTokens() {
        Datafile file = parse("# keys live elsewhere", "", "TOKEN \"ingest\" APPEND", "TOKEN reader READ", "   ", "TYPE s3");

        assertThat(problems).isEmpty();
        assertThat(file.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.key()).isEqualTo("TYPE");
            assertThat(entry.location().line()).isEqualTo(6);
        });
    }

    @Test
    void readsCrlfFiles() {
        Datafile file = DatafileParser.parse("c.connection", "TYPE local\r\nLOCAL_ROOT \"/srv\"\r\n", problems);

        assertThat(problems).isEmpty();
        assertThat(file.entries()).extracting(Datafile.Entry::value).containsExactly("local", "/srv");
    }

    @Test
    void blockEndsAtTheFirstUnindentedLineAndKeepsItsLines() {
        Datafile file = parse("DESCRIPTION >", "    Page views.", "", "    Two lines.", "SCHEMA >", "    `a` String",
                "ENGINE MergeTree");

        assertThat(problems).isEmpty();
        Datafile.Entry description = file.entry("DESCRIPTION").orElseThrow();
        assertThat(description.isBlock()).isTrue();
        assertThat(description.value()).isEqualTo("Page views.\n\nTwo lines.");
        assertThat(file.entry("SCHEMA").orElseThrow().block()).extracting(Datafile.BlockLine::number).containsExactly(6);
        assertThat(file.entry("ENGINE").orElseThrow().location().line()).isEqualTo(7);
    }

    @Test
    void reportsSyntaxProblemsAtTheirLineAndGoesOn() {
        Datafile file = parse("TYPE s3", "  S3_REGION x", "S3_ARN 'unclosed", "S3_REGION", "1BAD x", "TYPE gcs", "S3_ENDPOINT e");

        assertThat(problems).extracting(problem -> problem.location().line()).containsExactly(2, 3, 4, 5, 6);
        assertThat(problems.get(0).message()).contains("indented line outside a block");
        assertThat(problems.get(1).message()).contains("unclosed quote", "S3_ARN");
        assertThat(problems.get(2).message()).contains("S3_REGION has no value");
        assertThat(problems.get(4).message()).contains("TYPE is set twice (first at line 1)");
        assertThat(file.entries()).extracting(Datafile.Entry::key).containsExactly("TYPE", "S3_ENDPOINT");
    }
}

package dev.pipit.scheduler.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaParserTest {
    private final List<Diagnostic> problems = new ArrayList<>();

    private List<ColumnDef> parse(String... lines) {
        List<Datafile.BlockLine> block = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            block.add(new Datafile.BlockLine(i + 2, lines[i]));
        }
        return SchemaParser.parse("datasources/x.datasource", block, problems);
    }

    @Test
    void readsBackquotedAndBareNamesNestedTypesAndJsonPaths() {
        List<ColumnDef> columns = parse(
                "    `placed_at` DateTime64(3, 'UTC') `json:$.placed_at`,",
                "    amount Decimal(18, 2) `json:$.amount`,",
                "    `attrs` Map(String, Array(String)) `json:$.attrs`,",
                "    `maybe` Nullable(DateTime64(3, 'UTC')),",
                "    `raw` String `json:$`");

        assertThat(problems).isEmpty();
        assertThat(columns).extracting(ColumnDef::name)
                .containsExactly("placed_at", "amount", "attrs", "maybe", "raw");
        assertThat(columns).extracting(ColumnDef::type).containsExactly(
                "DateTime64(3, 'UTC')", "Decimal(18, 2)", "Map(String, Array(String))", "Nullable(DateTime64(3, 'UTC'))", "String");
        assertThat(columns).extracting(ColumnDef::jsonPath).containsExactly("$.placed_at", "$.amount", "$.attrs", null, "$");
        assertThat(columns).extracting(column -> column.location().line()).containsExactly(2, 3, 4, 5, 6);
    }

    @Test
    void readsDefaultAndCodecInAnyOrder() {
        List<ColumnDef> columns = parse(
                "    `status` LowCardinality(String) `json:$.status` DEFAULT 'new',",
                "    `note` String CODEC(ZSTD(1)) `json:$.note`,",
                "    `seen` DateTime DEFAULT now() CODEC(Delta, ZSTD(1)) `json:$.seen`,",
                "    `n` UInt8 DEFAULT 1,");

        assertThat(problems).isEmpty();
        assertThat(columns).extracting(ColumnDef::defaultExpression).containsExactly("'new'", null, "now()", "1");
        assertThat(columns).extracting(ColumnDef::codec).containsExactly(null, "CODEC(ZSTD(1))", "CODEC(Delta, ZSTD(1))", null);
        assertThat(columns).extracting(ColumnDef::jsonPath).containsExactly("$.status", "$.note", "$.seen", null);
    }

    @Test
    void reportsAColumnWithoutTypeOrWithTrailingGarbageAtItsLine() {
        List<ColumnDef> columns = parse("    `a`,", "    `b` String `json:$.b` extra,", "    `c` Int32 `path:$.c`,", "    `d` UInt8");

        assertThat(columns).extracting(ColumnDef::name).containsExactly("d");
        assertThat(problems).extracting(problem -> problem.location().line()).containsExactly(2, 3, 4);
        assertThat(problems.get(0).message()).contains("column a has no type");
        assertThat(problems.get(1).message()).contains("unexpected 'extra'");
        assertThat(problems.get(2).message()).contains("expected `json:$.path`");
    }
}

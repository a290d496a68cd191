package dev.pipit.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.Location;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileSampleTest {
    @Test
    void aHeaderNamesTheFieldsAndStringsAreReadAsText() throws Exception {
        FormatReader reader = new ListReader(List.of("id", "amount", "day"), false,
                csv("1", "2.5", "2024-05-01"), csv("2", "", "2024-05-02"));

        FileSample sample = FileSample.read(reader, 10);

        assertThat(sample.positional()).isFalse();
        assertThat(sample.records()).isEqualTo(2);
        assertThat(sample.fields()).containsExactly(
                new FileSample.Field("id", 0, "Int64", List.of("1", "2")),
                new FileSample.Field("amount", 1, "Nullable(Float64)", List.of("2.5")),
                new FileSample.Field("day", 2, "Date", List.of("2024-05-01", "2024-05-02")));
    }

    @Test
    void typesAFileDeclaresAreTakenWithoutReadingARecord() throws Exception {
        FormatReader reader = new ListReader(List.of("id", "price"), false, csv("1", "2.50")) {
            @Override
            public List<String> fieldTypes() {
                return List.of("Int64", "Nullable(Decimal(10, 2))");
            }
        };

        FileSample sample = FileSample.read(reader, 10);

        assertThat(sample.declared()).isTrue();
        assertThat(sample.records()).isZero();
        assertThat(sample.fields()).containsExactly(
                new FileSample.Field("id", 0, "Int64", List.of()),
                new FileSample.Field("price", 1, "Nullable(Decimal(10, 2))", List.of()));
        assertThat(reader.read()).isNotNull();
    }

    @Test
    void aFileWithoutHeaderHasOneFieldPerPositionAndShortRowsMakeThemNullable() throws Exception {
        FormatReader reader = new ListReader(List.of(), true, csv("1", "a"), csv("2", "b", "2024-05-01 10:00:00"));

        FileSample sample = FileSample.read(reader, 10);

        assertThat(sample.positional()).isTrue();
        assertThat(sample.fields()).containsExactly(
                new FileSample.Field(null, 0, "Int64", List.of("1", "2")),
                new FileSample.Field(null, 1, "String", List.of("a", "b")),
                new FileSample.Field(null, 2, "Nullable(DateTime)", List.of("2024-05-01 10:00:00")));
    }

    @Test
    void recordsThatNameTheirFieldsAddNamesInTheOrderTheyFirstAppearAndKeepJsonTypes() throws Exception {
        FormatReader reader = new ListReader(List.of(), false,
                json(Map.of("id", 1L)),
                broken(),
                json(ordered("id", 2L, "code", "42", "visitor", Map.of("id", "v"))));

        FileSample sample = FileSample.read(reader, 10);

        assertThat(sample.records()).isEqualTo(2);
        assertThat(sample.fields()).containsExactly(
                new FileSample.Field("id", 0, "Int64", List.of("1", "2")),
                new FileSample.Field("code", 1, "Nullable(String)", List.of("42")),
                new FileSample.Field("visitor", 2, "Nullable(String)", List.of("{\"id\":\"v\"}")));
    }

    @Test
    void readsNoMoreThanTheLimit() throws Exception {
        FormatReader reader = new ListReader(List.of("n"), false, csv("1"), csv("2"), csv("x"));

        FileSample sample = FileSample.read(reader, 2);

        assertThat(sample.records()).isEqualTo(2);
        assertThat(sample.fields()).containsExactly(new FileSample.Field("n", 0, "Int64", List.of("1", "2")));
    }

    @Test
    void aFileThatDeclaresItsTypesShowsExamplesOnlyWhenAskedTo() throws Exception {
        FormatReader reader = new ListReader(List.of("id"), false, csv("1"), csv("2")) {
            @Override
            public List<String> fieldTypes() {
                return List.of("Int64");
            }
        };

        FileSample sample = FileSample.readWithExamples(reader, 10);

        assertThat(sample.records()).isEqualTo(2);
        assertThat(sample.fields()).containsExactly(new FileSample.Field("id", 0, "Int64", List.of("1", "2")));
    }

    @Test
    void columnsRewriteNamesSqlCannotHoldAndEvolutionMakesNewOnesNullable() throws Exception {
        FileSample sample = FileSample.read(new ListReader(List.of("user id", "n"), false, csv("u", "1")), 10);
        Location location = Location.ofFile("datasources/x.datasource");

        assertThat(sample.columns(List.of(), false, location, field -> { }))
                .extracting(inferred -> inferred.column().name(), inferred -> inferred.column().type(),
                        inferred -> inferred.column().jsonPath())
                .containsExactly(tuple("user_id", "String", "$['user id']"), tuple("n", "Int64", "$.n"));
        ColumnDef known = new ColumnDef("user_id", "String", "$['user id']", null, null, location);
        assertThat(sample.columns(List.of(known), true, location, field -> { }))
                .extracting(inferred -> inferred.column().name(), inferred -> inferred.column().type())
                .containsExactly(tuple("n", "Nullable(Int64)"));
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static SourceRow csv(String... values) {
        return new TestRecord(List.of(values), Map.of(), false, null);
    }

    private static SourceRow json(Map<String, Object> members) {
        return new TestRecord(List.copyOf(members.values()), members, true, null);
    }

    private static SourceRow broken() {
        return new TestRecord(List.of(), Map.of(), true, "invalid JSON");
    }

    /** A record of fixed values, found by name through {@code members}; some carry their names, as NDJSON's do. */
    private record TestRecord(List<Object> values, Map<String, Object> members, boolean carriesNames, String error)
            implements SourceRow {
        @Override
        public int fieldCount() {
            return values.size();
        }

        @Override
        public Object field(int index) {
            return index < values.size() ? values.get(index) : null;
        }

        @Override
        public Object field(String name) {
            return members.get(name);
        }

        @Override
        public List<String> fieldNames() {
            return carriesNames ? List.copyOf(members.keySet()) : List.of();
        }

        @Override
        public long line() {
            return 1;
        }
    }

    /** Returns its records in order; CSV-like records are read by the header's names. */
    private static class ListReader implements FormatReader {
        private final List<String> fieldNames;
        private final boolean positional;
        private final Deque<SourceRow> records;

        ListReader(List<String> fieldNames, boolean positional, SourceRow... records) {
            this.fieldNames = fieldNames;
            this.positional = positional;
            this.records = new ArrayDeque<>();
            for (SourceRow record : records) {
                this.records.add(fieldNames.isEmpty() ? record : byHeader(record));
            }
        }

        private SourceRow byHeader(SourceRow record) {
            Map<String, Object> byName = new LinkedHashMap<>();
            for (int i = 0; i < fieldNames.size(); i++) {
                byName.put(fieldNames.get(i), record.field(i));
            }
            return new TestRecord(((TestRecord) record).values(), byName, false, record.error());
        }

        @Override
        public List<String> fieldNames() {
            return fieldNames;
        }

        @Override
        public boolean positional() {
            return positional;
        }

        @Override
        public SourceRow read() {
            return records.poll();
        }

        @Override
        public void close() {}
    }
}

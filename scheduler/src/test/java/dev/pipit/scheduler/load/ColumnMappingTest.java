package dev.pipit.scheduler.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.Location;
import dev.pipit.spi.format.SourceRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {
    private static final Location HERE = Location.ofFile("datasources/events.datasource");

    @Test
    void aDataSourceNeedsEachPathsRootAndEachColumnsOwnName() {
        List<ColumnDef> columns = List.of(column("id", "$.id"), column("city", "$.address.city"),
                column("plain", null));

        assertThat(ColumnMapping.neededFields(columns)).containsExactly("id", "address", "city", "plain");
    }

    @Test
    void aPathToTheWholeRecordNeedsEveryField() {
        assertThat(ColumnMapping.neededFields(List.of(column("id", "$.id"), column("raw", "$")))).isEmpty();
    }

    @Test
    void findsEachRootFieldByItsPositionWhenRecordsFollowTheFilesNamesAndGetsWhatANameLookupGets() {
        List<String> header = List.of("id", "address", "city");
        List<ColumnDef> columns = List.of(column("id", "$.id"), column("street", "$.address.street"),
                column("city", "$.town"), column("missing", "$.nowhere"), column("raw", "$"));
        SourceRow record = new NamedFields(header, new Object[] {"7", Map.of("street", "Main"), "Oslo"});

        Object[] byPosition = ColumnMapping.of(columns, header, false, true).values(record);
        Object[] byName = ColumnMapping.of(columns, header, false, false).values(record);

        assertThat(byPosition).containsExactly("7", "Main", "Oslo", null, "id,address,city");
        assertThat(byPosition).containsExactly(byName);
    }

    /** A record that answers by position, and by name only through its header, as a CSV record does. */
    private record NamedFields(List<String> header, Object[] values) implements SourceRow {
        @Override
        public int fieldCount() {
            return values.length;
        }

        @Override
        public Object field(int index) {
            return index < values.length ? values[index] : null;
        }

        @Override
        public Object field(String name) {
            int index = header.indexOf(name);
            return index < 0 ? null : values[index];
        }

        @Override
        public long line() {
            return 2;
        }

        @Override
        public String rawText() {
            return String.join(",", header);
        }
    }

    private static ColumnDef column(String name, String jsonPath) {
        return new ColumnDef(name, "String", jsonPath, null, null, HERE);
    }
}

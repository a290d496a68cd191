package dev.pipit.scheduler.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.Location;
import java.util.List;
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

    private static ColumnDef column(String name, String jsonPath) {
        return new ColumnDef(name, "String", jsonPath, null, null, HERE);
    }
}

package dev.pipit.scheduler.cli.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.Location;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortingKeyTest {
    @Test
    void aTimeColumnComesFirstThenAnIdentifier() {
        assertThat(SortingKey.of(columns("name String", "user_id Int64", "at DateTime64(3)"), null))
                .isEqualTo("at, user_id");
    }

    @Test
    void nullableColumnsAreNeverTaken() {
        assertThat(SortingKey.of(columns("at Nullable(DateTime)", "id Nullable(Int64)", "day Date"), null))
                .isEqualTo("day");
        assertThat(SortingKey.of(columns("a Nullable(String)"), null)).isEqualTo("tuple()");
    }

    @Test
    void withoutTimeOrIdentifierTheFirstSortableColumnAndForKafkaItsTimestamp() {
        assertThat(SortingKey.of(columns("payload String", "n Float64"), null)).isEqualTo("payload");
        assertThat(SortingKey.of(columns("payload String"), "__timestamp")).isEqualTo("__timestamp");
    }

    private static List<ColumnDef> columns(String... declarations) {
        List<ColumnDef> columns = new ArrayList<>();
        for (String declaration : declarations) {
            int space = declaration.indexOf(' ');
            columns.add(new ColumnDef(declaration.substring(0, space), declaration.substring(space + 1), null, null,
                    null, Location.ofFile("datasources/x.datasource")));
        }
        return columns;
    }
}

package dev.pipit.scheduler.load;

import dev.pipit.scheduler.catalog.ClickHouseType;
import dev.pipit.scheduler.catalog.ColumnSpec;
import dev.pipit.scheduler.project.ColumnDef;

/** A datafile's column as the catalog needs it; here, so that the catalog knows nothing of datafiles. */
public final class ColumnSpecs {
    private ColumnSpecs() {}

    /** @throws IllegalArgumentException when the name or the type is invalid */
    public static ColumnSpec of(ColumnDef column) {
        return new ColumnSpec(column.name(), ClickHouseType.parse(column.type()), column.defaultExpression());
    }
}

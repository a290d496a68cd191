package dev.pipit.scheduler.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.catalog.ColumnSpec;
import dev.pipit.scheduler.catalog.TableManager;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.Location;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.spi.format.SourceRow;
import dev.pipit.testkit.db.Backend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class TableLoaderTest {
    private static final Location HERE = Location.ofFile("datasources/pairs.datasource");
    private static final List<ColumnDef> SCHEMA = List.of(
            new ColumnDef("id", "Int64", null, null, null, HERE),
            new ColumnDef("name", "String", null, null, null, HERE));
    private static final RowConversion CONVERSION = RowConversion.ofNamedRecords(SCHEMA);

    @Parameter
    Backend backend;

    private Database database;
    private TableLoader loader;

    @BeforeEach
    void open() {
        database = TestDatabases.open(backend);
        loader = new TableLoader(database);
        TableManager tables = new TableManager(database.dialect());
        List<ColumnSpec> columns = SCHEMA.stream().map(ColumnSpecs::of).toList();
        database.jdbi().useHandle(h -> {
            tables.ensureTable(h, "pairs", columns);
            tables.ensureQuarantineTable(h, "pairs", List.of("id", "name"));
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** More bad rows than a quarantine batch, among good ones: on PostgreSQL the quarantine sends in mid-COPY. */
    @Test
    void goodAndBadRowsInterleavedAllArriveInTheTransaction() throws Exception {
        database.jdbi().useTransaction(h -> {
            try (TableLoader.Load load = loader.begin(h, "pairs", SCHEMA, "imp-1")) {
                for (int i = 0; i < 2_500; i++) {
                    load.accept(converted(i % 2 == 0 ? Long.toString(i) : "not a number " + i, "name " + i));
                }
                load.finish();
            }
        });

        assertThat(count("pairs")).isEqualTo(1_250);
        assertThat(count("pairs_quarantine")).isEqualTo(1_250);
        long sum = database.jdbi().withHandle(h -> h.createQuery("SELECT sum(id) FROM pairs")
                .mapTo(Long.class).one());
        assertThat(sum).isEqualTo(2_498L * 1_250 / 2);
    }

    /** A file that fails half-way: what was sent is taken back, and the connection serves the rollback. */
    @Test
    void aLoadClosedBeforeItsEndLeavesTheConnectionUsable() throws Exception {
        database.jdbi().useTransaction(h -> {
            try (TableLoader.Load load = loader.begin(h, "pairs", SCHEMA, "imp-1")) {
                for (int i = 0; i < 1_700; i++) {
                    load.accept(converted(Long.toString(i), "name " + i));
                }
            }
            h.rollback();
            assertThat(h.createQuery("SELECT count(*) FROM pairs").mapTo(Long.class).one()).isZero();
        });

        assertThat(count("pairs")).isZero();
    }

    private long count(String table) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table)
                .mapTo(Long.class).one());
    }

    private static RowConversion.Converted converted(String id, String name) {
        Map<String, Object> fields = Map.of("id", id, "name", name);
        return CONVERSION.convert(new SourceRow() {
            @Override
            public int fieldCount() {
                return 2;
            }

            @Override
            public Object field(int index) {
                return index == 0 ? id : name;
            }

            @Override
            public Object field(String field) {
                return fields.get(field);
            }

            @Override
            public long line() {
                return 1;
            }
        });
    }
}

package dev.pipit.scheduler.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.db.Dialect;
import dev.pipit.scheduler.testutil.TestDatabases;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableManagerTest {
    private final TableManager tables = new TableManager(Dialect.H2);
    private Database database;
    private Jdbi jdbi;

    @BeforeEach
    void open() {
        database = TestDatabases.openInMemory();
        jdbi = database.jdbi();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void createsATableOnceAndAddsColumns() {
        List<ColumnSpec> columns = List.of(column("Id", "Int64"), column("name", "String"));
        jdbi.useHandle(h -> {
            tables.ensureTable(h, "Events", columns);
            tables.ensureTable(h, "Events", columns);
            tables.addColumn(h, "Events", column("country", "LowCardinality(String)"));
            tables.addColumn(h, "Events", column("country", "LowCardinality(String)"));

            assertThat(tables.existingColumns(h, "Events")).containsExactly("Id", "name", "country");
            // Every column takes NULL whatever its ClickHouse type: old rows get NULL in new columns.
            h.execute("INSERT INTO \"Events\" (\"Id\") VALUES (NULL)");
        });
    }

    @Test
    void findsColumnsOfTablesCreatedWithoutQuotes() {
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE Legacy (A integer)");

            assertThat(tables.existingColumns(h, "Legacy")).containsExactly("a");
            assertThat(tables.existingColumns(h, "missing")).isEmpty();
        });
    }

    @Test
    void createsTheQuarantineTableInTinybirdsLayout() {
        jdbi.useHandle(h -> {
            tables.ensureQuarantineTable(h, "events", List.of("id", "amount"));

            assertThat(tables.existingColumns(h, "events_quarantine")).containsExactly(
                    "id", "amount", "c__error_column", "c__error", "c__import_id", "insertion_date");
            List<Map<String, Object>> types = h.createQuery("""
                    SELECT column_name, data_type FROM information_schema.columns
                     WHERE table_name = 'events_quarantine' ORDER BY ordinal_position""").mapToMap().list();
            assertThat(types).extracting(row -> row.get("data_type")).containsExactly(
                    "character varying", "character varying", "array", "array", "character varying",
                    "timestamp with time zone");
        });
    }

    @Test
    void addsTheColumnsASourceGainedToItsQuarantineTable() {
        jdbi.useHandle(h -> {
            tables.ensureQuarantineTable(h, "events", List.of("id"));
            tables.ensureQuarantineTable(h, "events", List.of("id", "country"));

            assertThat(tables.existingColumns(h, "events_quarantine")).containsExactly(
                    "id", "c__error_column", "c__error", "c__import_id", "insertion_date", "country");
        });
    }

    @Test
    void writesQuarantinedRowsWithTheirErrors() throws SQLException {
        jdbi.useTransaction(h -> {
            tables.ensureQuarantineTable(h, "events", List.of("id", "amount"));
            try (QuarantineWriter writer = new QuarantineWriter(h, Dialect.H2, "events", List.of("id", "amount"), "imp-1", 1)) {
                writer.write(new Object[] {7L, "abc"},
                        List.of(new InvalidValueException("amount", "value 'abc' on column 'amount' is not Int32")));
                writer.write(new Object[] {null, ""},
                        List.of(new InvalidValueException("amount", "value '' on column 'amount' is not Int32")));
                assertThat(writer.flush()).isEqualTo(2);
            }
        });

        List<String> rows = jdbi.withHandle(h -> h.createQuery("""
                SELECT "id", "amount", "c__error_column", "c__error", "c__import_id", "insertion_date"
                  FROM "events_quarantine" ORDER BY "amount" DESC""")
                .map((rs, ctx) -> rs.getString("id") + "|" + rs.getString("amount") + "|"
                        + List.of((Object[]) rs.getArray("c__error_column").getArray()) + "|"
                        + List.of((Object[]) rs.getArray("c__error").getArray()) + "|" + rs.getString("c__import_id")
                        + "|" + (rs.getObject("insertion_date") != null))
                .list());
        assertThat(rows).containsExactly(
                "7|abc|[amount]|[value 'abc' on column 'amount' is not Int32]|imp-1|true",
                "null||[amount]|[value '' on column 'amount' is not Int32]|imp-1|true");
    }

    @Test
    void rowWriterSendsFullBatchesAndNeverCommits() throws SQLException {
        List<ColumnSpec> columns = List.of(column("n", "Int32"));
        jdbi.useHandle(h -> tables.ensureTable(h, "numbers", columns));

        jdbi.useTransaction(h -> {
            try (RowWriter writer = new RowWriter(h, Dialect.H2, "numbers", columns, 2)) {
                for (int i = 0; i < 5; i++) {
                    writer.write(new Object[] {i});
                }
                assertThat(writer.flush()).isEqualTo(5);
            }
            h.rollback();
        });

        int count = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM \"numbers\"").mapTo(Integer.class).one());
        assertThat(count).isZero();
    }

    /** Pins the H2 behaviour TableManager's Javadoc warns about: DDL commits the open transaction. */
    @Test
    void h2CommitsTheOpenTransactionBeforeDdl() {
        List<ColumnSpec> columns = List.of(column("n", "Int32"));
        jdbi.useHandle(h -> tables.ensureTable(h, "numbers", columns));

        jdbi.useTransaction(h -> {
            h.execute("INSERT INTO \"numbers\" VALUES (1)");
            tables.addColumn(h, "numbers", column("m", "Int32"));
            h.rollback();
        });

        int count = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM \"numbers\"").mapTo(Integer.class).one());
        assertThat(count).isEqualTo(1);
    }

    private static ColumnSpec column(String name, String type) {
        return new ColumnSpec(name, ClickHouseType.parse(type), null);
    }
}

package dev.pipit.scheduler.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.db.Dialect;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.testkit.db.Backend;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class TableManagerTest {
    @Parameter
    Backend backend;

    private TableManager tables;
    private Database database;
    private Jdbi jdbi;

    @BeforeEach
    void open() {
        database = TestDatabases.open(backend);
        jdbi = database.jdbi();
        tables = new TableManager(database.dialect());
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
            // H2 spells the array type in capitals, PostgreSQL in lower case.
            assertThat(types).extracting(row -> row.get("data_type").toString().toLowerCase(Locale.ROOT)).containsExactly(
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
            try (QuarantineWriter writer = new QuarantineWriter(h, database.dialect(), "events", List.of("id", "amount"), "imp-1", 1)) {
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
            try (RowWriter writer = smallBatches(h, columns)) {
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

    /**
     * 123 rows through the dialect's writer: on H2, two full groups of 50 rows per INSERT and 23 rows one by one;
     * every value lands, nulls and arrays included, in whichever statement its row went.
     */
    @Test
    void rowWriterWritesEveryRowOfFullAndPartialGroups() throws SQLException {
        List<ColumnSpec> columns = List.of(column("n", "Int32"), column("s", "Nullable(String)"),
                column("tags", "Array(String)"));
        jdbi.useHandle(h -> tables.ensureTable(h, "rows", columns));

        jdbi.useTransaction(h -> {
            try (RowWriter writer = RowWriter.open(h, database.dialect(), "rows", columns)) {
                for (int i = 0; i < 123; i++) {
                    writer.write(new Object[] {i, i % 7 == 0 ? null : "s" + i, new Object[] {"t" + i, "u"}});
                }
                assertThat(writer.flush()).isEqualTo(123);
            }
        });

        List<String> rows = jdbi.withHandle(h -> h
                .createQuery("SELECT \"n\", \"s\", \"tags\" FROM \"rows\" ORDER BY \"n\"")
                .map((rs, ctx) -> rs.getInt("n") + "|" + rs.getString("s") + "|"
                        + List.of((Object[]) rs.getArray("tags").getArray()))
                .list());
        assertThat(rows).hasSize(123);
        for (int i = 0; i < 123; i++) {
            assertThat(rows.get(i)).isEqualTo(i + "|" + (i % 7 == 0 ? null : "s" + i) + "|[t" + i + ", u]");
        }
    }

    /** Text of every width in UTF-8 (COPY encodes ASCII on a path of its own), empty, and with control characters. */
    @Test
    void rowWriterKeepsTextOfEveryWidth() throws SQLException {
        List<ColumnSpec> columns = List.of(column("n", "Int32"), column("s", "String"));
        jdbi.useHandle(h -> tables.ensureTable(h, "texts", columns));
        List<String> texts = List.of("", "plain ascii", "tab\tand\nbreak", "café", "naïve at the end: é",
                "日本語のテキスト", "emoji 🐦 in the middle", "\u007f delete, \u0080 first of Latin-1",
                "x".repeat(100_000) + "ü");

        jdbi.useTransaction(h -> {
            try (RowWriter writer = RowWriter.open(h, database.dialect(), "texts", columns)) {
                for (int i = 0; i < texts.size(); i++) {
                    writer.write(new Object[] {i, texts.get(i)});
                }
                writer.flush();
            }
        });

        List<String> stored = jdbi.withHandle(h -> h.createQuery("SELECT \"s\" FROM \"texts\" ORDER BY \"n\"")
                .mapTo(String.class).list());
        assertThat(stored).containsExactlyElementsOf(texts);
    }

    /**
     * H2 takes at most 100,000 parameters a statement: a table of 2,500 columns gets 40 rows per INSERT, not 50.
     * PostgreSQL holds at most 1,600 columns and writes by COPY anyway.
     */
    @Test
    void aTableOfThousandsOfColumnsGetsFewerRowsPerInsert() throws SQLException {
        assumeTrue(backend == Backend.H2);
        List<ColumnSpec> columns = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            columns.add(column("c" + i, "Int32"));
        }
        jdbi.useHandle(h -> tables.ensureTable(h, "wide", columns));

        jdbi.useTransaction(h -> {
            try (RowWriter writer = RowWriter.open(h, database.dialect(), "wide", columns)) {
                for (int row = 0; row < 45; row++) {
                    Object[] values = new Object[columns.size()];
                    Arrays.fill(values, row);
                    writer.write(values);
                }
                assertThat(writer.flush()).isEqualTo(45);
            }
        });

        long sum = jdbi.withHandle(h -> h.createQuery("SELECT sum(\"c2499\") FROM \"wide\"").mapTo(Long.class).one());
        assertThat(sum).isEqualTo(44L * 45 / 2);
    }

    /**
     * Pins what TableManager's Javadoc warns about: H2 commits the open transaction before DDL, PostgreSQL keeps
     * DDL in it. Either way no DDL may fall in the middle of a file's transaction.
     */
    @Test
    void ddlCommitsTheOpenTransactionOnH2Only() {
        List<ColumnSpec> columns = List.of(column("n", "Int32"));
        jdbi.useHandle(h -> tables.ensureTable(h, "numbers", columns));

        jdbi.useTransaction(h -> {
            h.execute("INSERT INTO \"numbers\" VALUES (1)");
            tables.addColumn(h, "numbers", column("m", "Int32"));
            h.rollback();
        });

        int count = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM \"numbers\"").mapTo(Integer.class).one());
        assertThat(count).isEqualTo(backend == Backend.H2 ? 1 : 0);
    }

    /** The dialect's writer with batches of two rows, so that five rows make full batches and a partial one. */
    private RowWriter smallBatches(Handle h, List<ColumnSpec> columns) throws SQLException {
        return database.dialect() == Dialect.POSTGRESQL
                ? new CopyRowWriter(h, "numbers", columns, 2)
                : new InsertRowWriter(h, database.dialect(), "numbers", columns, 2);
    }

    private static ColumnSpec column(String name, String type) {
        return new ColumnSpec(name, ClickHouseType.parse(type), null);
    }
}

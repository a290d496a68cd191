package dev.pipit.scheduler.catalog;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.catalog.SqlColumnType.Kind;
import dev.pipit.scheduler.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The {@link RowWriter} for H2: batched INSERTs through one prepared statement reused for the whole file, with
 * arrays bound as JDBC arrays and JSON through the dialect's JSON placeholder.
 */
final class InsertRowWriter implements RowWriter {
    private final Dialect dialect;
    private final List<SqlColumnType> types;
    private final Connection connection;
    private final BatchedInsert insert;

    InsertRowWriter(Handle handle, Dialect dialect, String table, List<ColumnSpec> columns, int batchSize)
            throws SQLException {
        this.dialect = requireNonNull(dialect, "dialect is null");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns is empty");
        }
        this.types = columns.stream().map(column -> TypeMap.sqlType(column.type(), dialect)).toList();
        this.connection = handle.getConnection();
        String names = columns.stream().map(column -> dialect.quote(column.name())).collect(Collectors.joining(", "));
        String placeholders = types.stream()
                .map(type -> type.kind() == Kind.JSON ? dialect.jsonPlaceholder() : "?")
                .collect(Collectors.joining(", "));
        this.insert = new BatchedInsert(connection.prepareStatement("INSERT INTO " + dialect.quote(SqlNames.check(table, "table"))
                + " (" + names + ") VALUES (" + placeholders + ")"), batchSize);
    }

    @Override
    public void write(Object[] values) throws SQLException {
        if (values.length != types.size()) {
            throw new IllegalArgumentException("expected " + types.size() + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            bind(i + 1, types.get(i), values[i]);
        }
        insert.add();
    }

    @Override
    public long flush() throws SQLException {
        return insert.flush();
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }

    private void bind(int index, SqlColumnType type, Object value) throws SQLException {
        if (value == null) {
            insert.statement().setNull(index, type.kind() == Kind.ARRAY ? Types.ARRAY : Types.NULL);
        } else if (type.kind() == Kind.ARRAY) {
            insert.statement().setArray(index, dialect.createArray(connection, type.postgresType(), (Object[]) value));
        } else if (type.kind() == Kind.JSON) {
            insert.statement().setString(index, (String) value);
        } else {
            insert.statement().setObject(index, value);
        }
    }
}

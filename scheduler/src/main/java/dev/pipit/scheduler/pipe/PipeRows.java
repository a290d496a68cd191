package dev.pipit.scheduler.pipe;

import dev.pipit.scheduler.db.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pipe's query for an export: in a read-only transaction that is rolled back at the end, with a forward-only
 * cursor fetching a thousand rows at a time, so a result of any size streams through without filling the heap.
 */
final class PipeRows {
    private static final int FETCH_SIZE = 1000;

    /** What an export does with the result, its columns' labels in order beside it. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ResultSet rows, List<String> columns) throws SQLException, IOException;
    }

    private PipeRows() {}

    /**
     * Runs {@code sql} with {@code values} bound to its markers and hands the result to {@code reader}; a
     * {@code stop} cancels the query.
     */
    static <T> T read(Database database, String sql, List<Object> values, PipeStop stop, Reader<T> reader)
            throws SQLException, IOException {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(FETCH_SIZE);
                PipeQuery.bind(statement, values);
                return stop.during(statement, () -> {
                    try (ResultSet rows = statement.executeQuery()) {
                        ResultSetMetaData metadata = rows.getMetaData();
                        List<String> columns = new ArrayList<>();
                        for (int i = 1; i <= metadata.getColumnCount(); i++) {
                            columns.add(metadata.getColumnLabel(i));
                        }
                        return reader.read(rows, columns);
                    }
                });
            } finally {
                connection.rollback();
            }
        }
    }
}

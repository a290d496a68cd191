package dev.pipit.scheduler.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import javax.sql.DataSource;

/** A pool whose connections come wrapped, each by {@link #wrap}; everything else is the pool's. */
abstract class ConnectionWrappingDataSource implements DataSource {
    private final DataSource pool;

    ConnectionWrappingDataSource(DataSource pool) {
        this.pool = pool;
    }

    abstract Connection wrap(Connection pooled);

    @Override
    public final Connection getConnection() throws SQLException {
        return wrap(pool.getConnection());
    }

    @Override
    public final Connection getConnection(String username, String password) throws SQLException {
        return wrap(pool.getConnection(username, password));
    }

    @Override
    public final PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public final void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public final void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public final int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public final java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public final <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public final boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}

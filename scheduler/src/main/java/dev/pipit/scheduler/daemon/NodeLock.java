package dev.pipit.scheduler.daemon;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Keeps a second live daemon off a {@code node.id} on PostgreSQL. A daemon that starts under a live node's id
 * would take that node's running runs for its own leftovers and fail them, and Quartz requires unique instance
 * ids. The daemon holds a session advisory lock keyed by its node id on a connection of its own for as long as
 * it runs; PostgreSQL drops the lock the moment that connection goes, so a node killed with {@code kill -9}
 * restarts at once, where a check of Quartz's check-in times would have to wait out the failure window.
 *
 * <p>Embedded H2 needs none: {@link DaemonLock} already allows one daemon per database file.
 */
final class NodeLock implements AutoCloseable {
    /** The first key of Pipit's node locks, "PIPI" in ASCII, apart from the table locks' single-key ones. */
    private static final int NODE_LOCK_CLASS = 0x50495049;

    private final Connection connection;
    private final int key;

    private NodeLock(Connection connection, int key) {
        this.connection = connection;
        this.key = key;
    }

    /**
     * @throws IllegalStateException naming the other daemon when a live one already runs as {@code node}
     */
    static Optional<NodeLock> acquire(Database database, String node) throws SQLException {
        if (database.dialect() != Dialect.POSTGRESQL) {
            return Optional.empty();
        }
        int key = node.hashCode() & Integer.MAX_VALUE;
        Connection connection = database.dataSource().getConnection();
        try {
            // What the refused daemon's message shows, and what pg_stat_activity shows an administrator.
            try (PreparedStatement name = connection.prepareStatement(
                    "SELECT set_config('application_name', ?, false)")) {
                name.setString(1, "pipit node " + node + " (" + NodeId.hostName() + ", pid "
                        + ProcessHandle.current().pid() + ")");
                name.execute();
            }
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, NODE_LOCK_CLASS);
                lock.setInt(2, key);
                try (ResultSet result = lock.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        throw new IllegalStateException("another Pipit daemon is running as node.id '" + node + "' ("
                                + holder(connection, key) + "); give every daemon its own node.id (PIPIT_NODE_ID),"
                                + " or stop the other one first");
                    }
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return Optional.of(new NodeLock(connection, key));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static String holder(Connection connection, int key) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT a.application_name, a.client_addr, a.backend_start
                  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                 WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ? AND l.objid = ? AND l.objsubid = 2""")) {
            query.setLong(1, Integer.toUnsignedLong(NODE_LOCK_CLASS));
            query.setLong(2, key);
            try (ResultSet result = query.executeQuery()) {
                if (!result.next()) {
                    return "it has just stopped; try again";
                }
                String address = result.getString(2);
                return result.getString(1) + (address == null ? "" : " connected from " + address)
                        + ", running since " + result.getObject(3);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (connection; PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            unlock.setInt(1, NODE_LOCK_CLASS);
            unlock.setInt(2, key);
            unlock.execute();
            try (PreparedStatement name = connection.prepareStatement(
                    "SELECT set_config('application_name', '', false)")) {
                name.execute();
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }
}

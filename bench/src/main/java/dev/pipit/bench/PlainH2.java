package dev.pipit.bench;

import dev.pipit.scheduler.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The H2 database a user would load into by hand: its own file, {@code jdbc:h2:file:} with H2's defaults (so a
 * commit may reach the disk up to half a second late), against Pipit's interrupt-safe file system and
 * {@code WRITE_DELAY=0}. Only {@code DATABASE_TO_LOWER} is set, which changes names, not speed, so that the
 * tables copied from Pipit's database keep their names. Each table is created as Pipit created its own.
 */
final class PlainH2 implements LoadComparison.BaselineDatabase {
    private final String url;
    private final Database pipit;

    /** @param pipit Pipit's database, whose tables are copied */
    PlainH2(Path dir, Database pipit) {
        this.url = url(dir);
        this.pipit = pipit;
    }

    /** The URL of the baseline's database in {@code dir}. */
    static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("baseline").toAbsolutePath() + ";DATABASE_TO_LOWER=TRUE";
    }

    @Override
    public Connection connect(String table) throws SQLException {
        Connection connection = DriverManager.getConnection(url, "sa", "");
        try (Statement statement = connection.createStatement()) {
            for (String ddl : tableDdl(table)) {
                statement.execute(ddl.replace("CREATE CACHED TABLE", "CREATE CACHED TABLE IF NOT EXISTS"));
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private List<String> tableDdl(String table) throws SQLException {
        List<String> ddl = new ArrayList<>();
        try (Connection connection = pipit.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet script = statement.executeQuery("SCRIPT NODATA NOSETTINGS TABLE public." + table)) {
            while (script.next()) {
                String sql = script.getString(1);
                if (sql.startsWith("CREATE CACHED TABLE")) {
                    ddl.add(sql);
                }
            }
        }
        return ddl;
    }
}

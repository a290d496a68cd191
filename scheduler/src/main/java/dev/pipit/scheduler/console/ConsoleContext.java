package dev.pipit.scheduler.console;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.admin.PipitControlMXBean;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What the console's pages read and act through.
 *
 * @param project the deployment the daemon runs now (it follows new deployments)
 * @param control the same operations JMX offers, so that Run now is what {@code bin/scheduler trigger} does
 */
public record ConsoleContext(Database database, Supplier<Project> project, PluginRegistry plugins,
        PipitControlMXBean control, Clock clock) {
    public ConsoleContext {
        requireNonNull(database, "database is null");
        requireNonNull(project, "project is null");
        requireNonNull(plugins, "plugins is null");
        requireNonNull(control, "control is null");
        requireNonNull(clock, "clock is null");
    }

    public ConsoleReads reads() {
        return new ConsoleReads(database.jdbi());
    }

    /** A data source fed from a bucket or a topic. */
    public DataSourceDef dataSource(String name) {
        DataSourceDef dataSource = project.get().dataSources().get(name);
        if (dataSource == null || !dataSource.isFed()) {
            throw new NotFoundException("No data source named '" + name + "' is imported or consumed by this project.");
        }
        return dataSource;
    }

    /** The connection a data source reads through. */
    public static String connectionName(DataSourceDef dataSource) {
        return dataSource.importSpec().map(spec -> spec.connectionName())
                .orElseGet(() -> dataSource.kafkaSpec().orElseThrow().connectionName());
    }
}

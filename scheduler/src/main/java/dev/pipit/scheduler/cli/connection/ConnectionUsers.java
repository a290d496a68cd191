package dev.pipit.scheduler.cli.connection;

import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import java.util.List;

/** Which data sources of a project read through a connection, by {@code IMPORT_*} or {@code KAFKA_*} settings. */
final class ConnectionUsers {
    private ConnectionUsers() {}

    static List<DataSourceDef> of(Project project, String connection) {
        return project.dataSources().values().stream()
                .filter(dataSource -> dataSource.importSpec().map(spec -> spec.connectionName().equals(connection))
                        .orElse(false)
                        || dataSource.kafkaSpec().map(spec -> spec.connectionName().equals(connection)).orElse(false))
                .toList();
    }
}

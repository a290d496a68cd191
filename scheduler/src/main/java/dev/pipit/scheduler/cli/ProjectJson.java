package dev.pipit.scheduler.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Diagnostic;
import dev.pipit.scheduler.project.Project;
import java.util.Locale;

/**
 * The object {@code check --json} prints. Field names are snake_case like Tinybird's API, and part of Pipit's
 * interface: scripts read them. Sensitive values appear only as {@code <masked>}.
 */
final class ProjectJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProjectJson() {}

    static String render(Project project) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("ok", !project.hasErrors());
        ArrayNode connections = root.putArray("connections");
        for (ConnectionDef connection : project.connections().values()) {
            ObjectNode node = connections.addObject().put("name", connection.name()).put("type", connection.type());
            ObjectNode settings = node.putObject("settings");
            connection.settings().forEach((key, setting) -> settings.put(key, setting.displayValue()));
        }
        ArrayNode dataSources = root.putArray("datasources");
        for (DataSourceDef dataSource : project.dataSources().values()) {
            dataSources.add(dataSource(dataSource));
        }
        ArrayNode diagnostics = root.putArray("diagnostics");
        for (Diagnostic diagnostic : project.diagnostics()) {
            diagnostics.addObject()
                    .put("severity", diagnostic.severity().name().toLowerCase(Locale.ROOT))
                    .put("file", diagnostic.location().file())
                    .put("line", diagnostic.location().line())
                    .put("message", diagnostic.message());
        }
        return root.toPrettyString();
    }

    private static ObjectNode dataSource(DataSourceDef dataSource) {
        ObjectNode node = MAPPER.createObjectNode().put("name", dataSource.name());
        if (dataSource.importSpec().isPresent()) {
            node.put("kind", "import")
                    .put("connection", dataSource.importSpec().get().connectionName())
                    .put("bucket_uri", displayed(dataSource, "IMPORT_BUCKET_URI", dataSource.importSpec().get().bucketUri()))
                    .put("schedule", dataSource.importSpec().get().schedule().datafileValue());
        } else if (dataSource.kafkaSpec().isPresent()) {
            node.put("kind", "kafka")
                    .put("connection", dataSource.kafkaSpec().get().connectionName())
                    .put("topic", displayed(dataSource, "KAFKA_TOPIC", dataSource.kafkaSpec().get().topic()));
        } else {
            node.put("kind", "none");
        }
        ArrayNode columns = node.putArray("columns");
        for (ColumnDef column : dataSource.schema()) {
            columns.addObject().put("name", column.name()).put("type", column.type()).put("json_path", column.jsonPath());
        }
        return node;
    }

    /** A value written with tb_secret() or tb_var() stays masked here too, whatever setting it feeds. */
    private static String displayed(DataSourceDef dataSource, String key, String value) {
        return dataSource.setting(key).map(setting -> setting.sensitive() ? setting.displayValue() : value).orElse(value);
    }
}

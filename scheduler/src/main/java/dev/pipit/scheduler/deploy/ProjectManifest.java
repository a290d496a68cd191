package dev.pipit.scheduler.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pipit.scheduler.catalog.ClickHouseType;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.Setting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a deployment deploys, as stored with it: every connection and data source with the settings that decide
 * what Pipit does. Secret values appear as {@link Setting#MASK}, so the manifest may be stored and printed; a
 * rotated secret therefore is no change to deploy (the daemon reads secrets when it loads the project).
 *
 * @param connections by name
 * @param dataSources by name
 */
public record ProjectManifest(Map<String, ConnectionEntry> connections,
        @JsonProperty("datasources") Map<String, DataSourceEntry> dataSources) {
    /** Sorted keys and no indentation: the same project always serializes, and so hashes, the same. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public ProjectManifest {
        connections = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(connections, "connections is null")));
        dataSources = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(dataSources, "dataSources is null")));
    }

    /** The manifest of a project that loaded without errors. */
    public static ProjectManifest of(Project project) {
        Map<String, ConnectionEntry> connections = new TreeMap<>();
        for (ConnectionDef connection : project.connections().values()) {
            connections.put(connection.name(), new ConnectionEntry(connection.type(), displayed(connection.settings())));
        }
        Map<String, DataSourceEntry> dataSources = new TreeMap<>();
        for (DataSourceDef dataSource : project.dataSources().values()) {
            List<ColumnEntry> columns = dataSource.schema().stream().map(ColumnEntry::of).toList();
            dataSources.put(dataSource.name(), new DataSourceEntry(dataSource.file(), columns,
                    displayed(dataSource.settings())));
        }
        return new ProjectManifest(connections, dataSources);
    }

    /** @throws IllegalArgumentException when the text is not a manifest */
    public static ProjectManifest fromJson(String json) {
        try {
            return JSON.readValue(json, ProjectManifest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the stored deployment manifest cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the deployment manifest: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the manifest, hex: equal hashes mean there is nothing to deploy. */
    public String contentHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Map<String, String> displayed(Map<String, Setting> settings) {
        Map<String, String> values = new TreeMap<>();
        settings.forEach((key, setting) -> values.put(key, setting.displayValue()));
        return values;
    }

    /**
     * A connection.
     *
     * @param settings every setting but {@code TYPE}, secrets masked
     */
    public record ConnectionEntry(String type, Map<String, String> settings) {
        public ConnectionEntry {
            requireNonNull(type, "type is null");
            settings = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(settings, "settings is null")));
        }
    }

    /**
     * A data source.
     *
     * @param file its datafile, relative to the project
     * @param columns its {@code SCHEMA} in order; empty when the schema is inferred
     * @param settings every {@code KEY value} setting (the connection's name among them), secrets masked
     */
    public record DataSourceEntry(String file, List<ColumnEntry> columns, Map<String, String> settings) {
        public DataSourceEntry {
            requireNonNull(file, "file is null");
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
            settings = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(settings, "settings is null")));
        }
    }

    /**
     * A {@code SCHEMA} column.
     *
     * @param type the ClickHouse type in its canonical spelling, so that spacing alone is no change
     * @param jsonPath the {@code json:} path, or {@code null}
     * @param defaultExpression the {@code DEFAULT}, or {@code null}
     */
    public record ColumnEntry(String name, String type, @JsonProperty("json_path") String jsonPath,
            @JsonProperty("default") String defaultExpression) {
        public ColumnEntry {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }

        static ColumnEntry of(ColumnDef column) {
            return new ColumnEntry(column.name(), ClickHouseType.parse(column.type()).toString(), column.jsonPath(),
                    column.defaultExpression());
        }
    }
}

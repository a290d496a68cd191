package dev.pipit.scheduler.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.pipit.scheduler.deploy.ProjectManifest.ColumnEntry;
import dev.pipit.scheduler.deploy.ProjectManifest.ConnectionEntry;
import dev.pipit.scheduler.deploy.ProjectManifest.DataSourceEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a deployment changes, from the deployed manifest to the project's. Every list is sorted by name.
 *
 * @param connectionsChanged connections whose type or settings differ
 * @param dataSourcesChanged data sources whose columns or settings differ
 */
public record DeploymentPlan(
        List<String> connectionsAdded,
        List<String> connectionsRemoved,
        List<ConnectionChange> connectionsChanged,
        List<String> dataSourcesAdded,
        List<String> dataSourcesRemoved,
        List<DataSourceChange> dataSourcesChanged) {
    public static final String TYPE = "TYPE";

    public DeploymentPlan {
        connectionsAdded = List.copyOf(connectionsAdded);
        connectionsRemoved = List.copyOf(connectionsRemoved);
        connectionsChanged = List.copyOf(connectionsChanged);
        dataSourcesAdded = List.copyOf(dataSourcesAdded);
        dataSourcesRemoved = List.copyOf(dataSourcesRemoved);
        dataSourcesChanged = List.copyOf(dataSourcesChanged);
    }

    /** The plan from {@code deployed} (an empty manifest before the first deployment) to {@code target}. */
    public static DeploymentPlan between(ProjectManifest deployed, ProjectManifest target) {
        requireNonNull(deployed, "deployed is null");
        requireNonNull(target, "target is null");
        List<ConnectionChange> connectionsChanged = new ArrayList<>();
        for (String name : common(deployed.connections(), target.connections())) {
            ConnectionEntry before = deployed.connections().get(name);
            ConnectionEntry after = target.connections().get(name);
            List<SettingChange> settings = new ArrayList<>();
            if (!before.type().equals(after.type())) {
                settings.add(new SettingChange(TYPE, before.type(), after.type()));
            }
            settings.addAll(SettingChange.between(before.settings(), after.settings()));
            if (!settings.isEmpty()) {
                connectionsChanged.add(new ConnectionChange(name, settings));
            }
        }
        List<DataSourceChange> dataSourcesChanged = new ArrayList<>();
        for (String name : common(deployed.dataSources(), target.dataSources())) {
            DataSourceChange change = DataSourceChange.between(name, deployed.dataSources().get(name),
                    target.dataSources().get(name));
            if (!change.isEmpty()) {
                dataSourcesChanged.add(change);
            }
        }
        return new DeploymentPlan(
                onlyIn(target.connections(), deployed.connections()),
                onlyIn(deployed.connections(), target.connections()),
                connectionsChanged,
                onlyIn(target.dataSources(), deployed.dataSources()),
                onlyIn(deployed.dataSources(), target.dataSources()),
                dataSourcesChanged);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return connectionsAdded.isEmpty() && connectionsRemoved.isEmpty() && connectionsChanged.isEmpty()
                && dataSourcesAdded.isEmpty() && dataSourcesRemoved.isEmpty() && dataSourcesChanged.isEmpty();
    }

    /** Whether the plan removes a connection or a data source, which needs {@code --allow-destructive-operations}. */
    @JsonIgnore
    public boolean isDestructive() {
        return !connectionsRemoved.isEmpty() || !dataSourcesRemoved.isEmpty();
    }

    private static List<String> onlyIn(Map<String, ?> these, Map<String, ?> notThese) {
        return these.keySet().stream().filter(name -> !notThese.containsKey(name)).sorted().toList();
    }

    private static List<String> common(Map<String, ?> a, Map<String, ?> b) {
        return a.keySet().stream().filter(b::containsKey).sorted().toList();
    }

    /** A connection's changed settings; {@value #TYPE} stands for its type. */
    public record ConnectionChange(String name, List<SettingChange> settings) {
        public ConnectionChange {
            requireNonNull(name, "name is null");
            settings = List.copyOf(settings);
        }
    }

    /**
     * A data source's changes.
     *
     * @param columnsChanged columns of both SCHEMAs whose type, json path or default differ
     * @param columnsRemoved columns of the deployed SCHEMA the new one lacks
     */
    public record DataSourceChange(String name, List<ColumnEntry> columnsAdded, List<ColumnChange> columnsChanged,
            List<String> columnsRemoved, List<SettingChange> settings) {
        public DataSourceChange {
            requireNonNull(name, "name is null");
            columnsAdded = List.copyOf(columnsAdded);
            columnsChanged = List.copyOf(columnsChanged);
            columnsRemoved = List.copyOf(columnsRemoved);
            settings = List.copyOf(settings);
        }

        static DataSourceChange between(String name, DataSourceEntry before, DataSourceEntry after) {
            List<ColumnEntry> added = new ArrayList<>();
            List<ColumnChange> changed = new ArrayList<>();
            for (ColumnEntry column : after.columns()) {
                ColumnEntry old = find(before.columns(), column.name());
                if (old == null) {
                    added.add(column);
                } else if (!old.equals(column)) {
                    changed.add(new ColumnChange(column.name(), old, column));
                }
            }
            List<String> removed = before.columns().stream()
                    .filter(column -> find(after.columns(), column.name()) == null)
                    .map(ColumnEntry::name)
                    .toList();
            return new DataSourceChange(name, added, changed, removed,
                    SettingChange.between(before.settings(), after.settings()));
        }

        @JsonIgnore
        public boolean isEmpty() {
            return columnsAdded.isEmpty() && columnsChanged.isEmpty() && columnsRemoved.isEmpty() && settings.isEmpty();
        }

        /** The changed columns whose type differs: a change the table cannot take in place. */
        public List<ColumnChange> columnsRetyped() {
            return columnsChanged.stream().filter(ColumnChange::isRetyped).toList();
        }

        private static ColumnEntry find(List<ColumnEntry> columns, String name) {
            // Names are compared ignoring case, as the database compares them: `Id` and `id` are one column.
            return columns.stream().filter(column -> column.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        }
    }

    public record ColumnChange(String name, ColumnEntry before, ColumnEntry after) {
        public ColumnChange {
            requireNonNull(name, "name is null");
            requireNonNull(before, "before is null");
            requireNonNull(after, "after is null");
        }

        @JsonIgnore
        public boolean isRetyped() {
            return !before.type().equals(after.type());
        }
    }

    /**
     * One setting that differs.
     *
     * @param before the deployed value, or {@code null} when the setting is new
     * @param after the new value, or {@code null} when the setting is gone
     */
    public record SettingChange(String key, String before, String after) {
        public SettingChange {
            requireNonNull(key, "key is null");
        }

        static List<SettingChange> between(Map<String, String> before, Map<String, String> after) {
            TreeSet<String> keys = new TreeSet<>(before.keySet());
            keys.addAll(after.keySet());
            return keys.stream()
                    .filter(key -> !Objects.equals(before.get(key), after.get(key)))
                    .map(key -> new SettingChange(key, before.get(key), after.get(key)))
                    .toList();
        }
    }
}

package dev.pipit.scheduler.project;

import static dev.pipit.scheduler.project.DataSourceKeys.IMPORT_CONNECTION_NAME;
import static dev.pipit.scheduler.project.DataSourceKeys.IMPORT_SERVICE;
import static dev.pipit.scheduler.project.DataSourceKeys.KAFKA_CONNECTION_NAME;
import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.catalog.ClickHouseType;
import dev.pipit.scheduler.catalog.TypeMap;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a parsed {@code .datasource} file into a {@link DataSourceDef}: resolves values, rejects unknown keys,
 * checks names and types, and reads how the data source is fed.
 */
final class DataSourceLoader {
    /** Table and column names end up in SQL; allowing identifiers only is what keeps them from being SQL. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final PluginRegistry registry;
    private final SecretResolver secrets;
    private final ImportSpecReader importReader;

    DataSourceLoader(PluginRegistry registry, SecretResolver secrets) {
        this.registry = requireNonNull(registry, "registry is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.importReader = new ImportSpecReader(registry);
    }

    /**
     * The data source, or empty when it is skipped (with a warning) or too broken to describe (with errors).
     *
     * @param connections every connection file of the project by name, including those of types without a plugin
     * @param root the project folder, absolute: bucket URIs may be relative to it
     */
    Optional<DataSourceDef> load(String name, Datafile datafile, Map<String, ConnectionDef> connections, Path root,
            List<Diagnostic> problems) {
        Optional<Diagnostic> foreign = foreignImport(datafile);
        if (foreign.isPresent()) {
            problems.add(foreign.get());
            return Optional.empty();
        }
        Location fileLocation = Location.ofFile(datafile.file());
        if (!IDENTIFIER.matcher(name).matches()) {
            problems.add(Diagnostic.error(fileLocation, "data source name '" + name + "' is not an identifier: it "
                    + "becomes a table name, so rename the file to letters, digits and _, not starting with a digit"));
        }
        String description = "";
        List<ColumnDef> schema = List.of();
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Datafile.Entry entry : datafile.entries()) {
            if (entry.key().equals(DataSourceKeys.DESCRIPTION)) {
                description = entry.value();
            } else if (entry.key().equals(DataSourceKeys.SCHEMA)) {
                if (entry.isBlock()) {
                    schema = SchemaParser.parse(datafile.file(), entry.block(), problems);
                } else {
                    problems.add(Diagnostic.error(entry.location(), "SCHEMA is a block: write 'SCHEMA >' and one "
                            + "indented column per line below it"));
                }
            } else if (!DataSourceKeys.isKnown(entry.key())) {
                problems.add(Diagnostic.error(entry.location(), "unknown setting " + entry.key() + " in a data source"
                        + DataSourceKeys.closest(entry.key()).map(key -> "; did you mean " + key + "?")
                                .orElse("; see docs/datafiles.md for the settings Pipit reads")));
            } else if (entry.isBlock()) {
                // Blocks hold SQL (FORWARD_QUERY, INDEXES) that Pipit passes over; templates there are not ours.
                settings.put(entry.key(), new Setting(entry.key(), entry.value(), entry.location(), false));
            } else {
                SecretResolver.Resolved resolved = secrets.resolve(entry.value(), entry.location());
                problems.addAll(resolved.problems());
                if (resolved.isResolved()) {
                    settings.put(entry.key(), new Setting(entry.key(), resolved.value(), entry.location(), resolved.sensitive()));
                }
            }
        }
        ConnectionNameAliases.fold(settings, problems);
        boolean imports = settings.keySet().stream().anyMatch(DataSourceKeys::isImportKey);
        boolean kafka = settings.keySet().stream().anyMatch(DataSourceKeys::isKafkaKey);
        checkColumns(schema, imports || kafka, problems);
        SettingReader values = new SettingReader(settings, problems);
        ConnectionLink link = new ConnectionLink(registry, connections);
        Optional<ImportSpec> importSpec = Optional.empty();
        Optional<KafkaSpec> kafkaSpec = Optional.empty();
        if (imports && kafka) {
            problems.add(Diagnostic.error(firstKafkaLocation(settings), "a data source is fed from a bucket "
                    + "(IMPORT_*) or from a topic (KAFKA_*), not both: move one of the two into a data source of its own"));
            return Optional.empty();
        } else if (imports) {
            String connection = values.required(DataSourceSettings.IMPORT_CONNECTION_NAME, fileLocation, "connection_name");
            ConnectionLink.Status status = connection == null ? ConnectionLink.Status.BROKEN
                    : link.check(settings.get(IMPORT_CONNECTION_NAME), ConnectorKind.OBJECT_STORE, settings.get(IMPORT_SERVICE), problems);
            if (status == ConnectionLink.Status.USABLE && !ConnectionNameAliases.typeMatches(
                    settings.get(IMPORT_CONNECTION_NAME), connections.get(connection.strip()), problems)) {
                status = ConnectionLink.Status.BROKEN;
            }
            ConnectorFactory connector = status == ConnectionLink.Status.USABLE
                    ? registry.connector(connections.get(connection.strip()).type()).orElseThrow() : null;
            importSpec = importReader.read(values, connection == null ? null : connection.strip(), connector, root,
                    fileLocation, problems);
            if (status != ConnectionLink.Status.USABLE || importSpec.isEmpty()) {
                return Optional.empty();
            }
        } else if (kafka) {
            Optional<Setting> reference = values.get(DataSourceSettings.KAFKA_CONNECTION_NAME);
            if (reference.isEmpty()) {
                values.required(DataSourceSettings.KAFKA_CONNECTION_NAME, firstKafkaLocation(settings),
                        "connection_name");
                return Optional.empty();
            }
            ConnectionLink.Status status = link.check(reference.get(), ConnectorKind.STREAM, null, problems);
            kafkaSpec = KafkaSpecReader.read(values, reference.get(), problems);
            if (status != ConnectionLink.Status.USABLE || kafkaSpec.isEmpty()) {
                return Optional.empty();
            }
        } else {
            problems.add(Diagnostic.note(fileLocation, "not fed by Pipit: no IMPORT_* or KAFKA_* settings, so the "
                    + "table is created for others (a materialized view, your own inserts) to fill"));
        }
        return Optional.of(new DataSourceDef(name, datafile.file(), description, schema, settings, importSpec, kafkaSpec));
    }

    /**
     * A warning when the file imports from somewhere Pipit does not read (a warehouse query, DynamoDB, a service no
     * plugin serves). Decided on the raw entries, before secrets: a skipped file must not fail on its secrets.
     */
    private Optional<Diagnostic> foreignImport(Datafile datafile) {
        for (String key : DataSourceKeys.FOREIGN_IMPORT_KEYS) {
            Optional<Datafile.Entry> entry = datafile.entry(key);
            if (entry.isPresent()) {
                return Optional.of(Diagnostic.warning(entry.get().location(), key + " imports are not run by Pipit, "
                        + "which imports files from buckets and records from Kafka; data source skipped"));
            }
        }
        Optional<Datafile.Entry> service = datafile.entry(IMPORT_SERVICE);
        if (service.isPresent()) {
            String wanted = service.get().value().strip().toLowerCase(Locale.ROOT);
            boolean served = registry.connectors().stream()
                    .map(ConnectorFactory::importServices)
                    .anyMatch(services -> services.contains(wanted));
            if (!served) {
                return Optional.of(Diagnostic.warning(service.get().location(), "IMPORT_SERVICE " + wanted
                        + " has no connector in this installation; data source skipped"));
            }
        }
        return Optional.empty();
    }

    private static void checkColumns(List<ColumnDef> schema, boolean fed, List<Diagnostic> problems) {
        Map<String, ColumnDef> seen = new HashMap<>();
        for (ColumnDef column : schema) {
            if (!IDENTIFIER.matcher(column.name()).matches()) {
                problems.add(Diagnostic.error(column.location(), "column name '" + column.name() + "' is not an "
                        + "identifier: use letters, digits and _, not starting with a digit"));
            }
            ColumnDef earlier = seen.putIfAbsent(column.name().toLowerCase(Locale.ROOT), column);
            if (earlier != null) {
                problems.add(Diagnostic.error(column.location(), "column " + column.name() + " is declared twice (first at line "
                        + earlier.location().line() + "); SQL databases fold case, so names must differ in more than case"));
            }
            if (fed) {
                checkFedColumn(column, problems);
            }
        }
    }

    /** A column Pipit fills must have a type it can store and a mapping it can follow. */
    private static void checkFedColumn(ColumnDef column, List<Diagnostic> problems) {
        try {
            ClickHouseType type = ClickHouseType.parse(column.type());
            if (!TypeMap.supports(type)) {
                problems.add(Diagnostic.error(column.location(), "column " + column.name() + ": type " + column.type()
                        + " is not supported for data sources Pipit feeds; use a plain type such as String, Int64, "
                        + "Float64, Decimal(P, S), DateTime64(3) or Array(String)"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(Diagnostic.error(column.location(), "column " + column.name() + ": type " + column.type()
                    + " does not parse: " + e.getMessage()));
        }
        if (column.jsonPath() != null) {
            try {
                JsonPath.parse(column.jsonPath());
            } catch (IllegalArgumentException e) {
                problems.add(Diagnostic.error(column.location(), "column " + column.name() + ": " + e.getMessage()));
            }
        }
    }

    private static Location firstKafkaLocation(Map<String, Setting> settings) {
        return settings.values().stream()
                .filter(setting -> DataSourceKeys.isKafkaKey(setting.key()))
                .map(Setting::location)
                .findFirst()
                .orElseThrow();
    }
}

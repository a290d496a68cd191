package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code datasources/NAME.datasource} file.
 *
 * @param name the file name without {@code .datasource}; also the table name
 * @param file the file, relative to the project
 * @param description the {@code DESCRIPTION >} block, or empty
 * @param schema the {@code SCHEMA >} columns in order; empty when the schema is to be inferred from a file
 * @param settings every {@code KEY value} line ({@code ENGINE*}, {@code IMPORT_*}, {@code KAFKA_*}, ...), upper case
 * @param importSpec present when the data source is fed from a bucket Pipit supports
 * @param kafkaSpec present when the data source is fed from a Kafka topic
 */
public record DataSourceDef(
        String name,
        String file,
        String description,
        List<ColumnDef> schema,
        Map<String, Setting> settings,
        Optional<ImportSpec> importSpec,
        Optional<KafkaSpec> kafkaSpec) {
    public DataSourceDef {
        requireNonNull(name, "name is null");
        requireNonNull(file, "file is null");
        requireNonNull(description, "description is null");
        schema = List.copyOf(requireNonNull(schema, "schema is null"));
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(settings, "settings is null")));
        requireNonNull(importSpec, "importSpec is null");
        requireNonNull(kafkaSpec, "kafkaSpec is null");
        if (importSpec.isPresent() && kafkaSpec.isPresent()) {
            throw new IllegalArgumentException("a data source is fed from a bucket or a topic, not both");
        }
    }

    /** Whether Pipit loads rows into this data source; one that is not fed is only a table for others to fill. */
    public boolean isFed() {
        return importSpec.isPresent() || kafkaSpec.isPresent();
    }

    public Optional<Setting> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }
}

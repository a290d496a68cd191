package dev.pipit.scheduler.stream;

import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.KafkaSpec;
import dev.pipit.scheduler.project.Location;
import dev.pipit.spi.stream.StreamField;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The columns of a Kafka data source: Tinybird's meta columns, then the SCHEMA columns. A SCHEMA that declares a
 * meta column itself (as exported Tinybird datafiles do) keeps its declaration and gets the meta value.
 */
final class StreamColumns {
    static final String TOPIC = "__topic";
    static final String PARTITION = "__partition";
    static final String OFFSET = "__offset";
    static final String TIMESTAMP = "__timestamp";
    static final String KEY = "__key";
    static final String VALUE = "__value";
    static final String HEADERS = "__headers";

    private StreamColumns() {}

    static List<ColumnDef> of(DataSourceDef dataSource) {
        return of(dataSource, dataSource.schema());
    }

    /**
     * The meta columns, then {@code schema}: the data source's own, or the one its topic declares when it has
     * none (each field read from {@code $.name}).
     */
    static List<ColumnDef> of(DataSourceDef dataSource, List<ColumnDef> schema) {
        KafkaSpec spec = dataSource.kafkaSpec().orElseThrow();
        Location location = spec.location();
        List<ColumnDef> meta = new ArrayList<>(List.of(
                column(TOPIC, "String", location),
                column(PARTITION, "Int32", location),
                column(OFFSET, "Int64", location),
                column(TIMESTAMP, "DateTime64(3)", location),
                column(KEY, "Nullable(String)", location)));
        if (spec.storeRawValue()) {
            meta.add(column(VALUE, "String", location));
        }
        if (spec.storeHeaders()) {
            meta.add(column(HEADERS, "Map(String, String)", location));
        }
        Set<String> declared = schema.stream().map(ColumnDef::name).collect(Collectors.toSet());
        List<ColumnDef> columns = new ArrayList<>();
        meta.stream().filter(column -> !declared.contains(column.name())).forEach(columns::add);
        columns.addAll(schema);
        return columns;
    }

    /** The columns of the fields a topic's values declare, for a data source without {@code SCHEMA}. */
    static List<ColumnDef> declared(List<StreamField> fields, Location location) {
        return fields.stream()
                .map(field -> new ColumnDef(field.name(), field.type(), "$." + field.name(), null, null,
                        location))
                .toList();
    }

    private static ColumnDef column(String name, String type, Location location) {
        return new ColumnDef(name, type, null, null, null, location);
    }
}

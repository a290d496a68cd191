package dev.pipit.scheduler.project;

import static dev.pipit.scheduler.testutil.ProjectFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.testutil.FakeConnectorFactory;
import dev.pipit.scheduler.testutil.FakeFormatFactory;
import dev.pipit.scheduler.testutil.FakePlugin;
import dev.pipit.spi.connector.BucketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

class ProjectLoaderTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.of(
            FakePlugin.ofConnectors(FakeConnectorFactory.s3(), FakeConnectorFactory.local(), FakeConnectorFactory.kafka()),
            FakePlugin.ofFormats(new FakeFormatFactory("csv", List.of("csv"))));

    @TempDir
    Path root;

    private Project load() {
        return new ProjectLoader(REGISTRY, new SecretResolver(Map.of("REGION", "eu-west-1"), Map.of())).load(root);
    }

    private void s3Connection() {
        write(root, "connections/landing.connection", "TYPE s3", "S3_REGION {{ tb_var('REGION') }}",
                "S3_PATH_STYLE 'True'");
    }

    private static List<String> lines(Project project) {
        return project.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void loadsAnImportDataSourceWithEverySetting() {
        s3Connection();
        write(root, "datasources/orders.datasource",
                "DESCRIPTION >", "    Orders.", "SCHEMA >", "    `id` String `json:$.id`,", "    `at` DateTime `json:$.at`",
                "ENGINE \"MergeTree\"", "ENGINE_SORTING_KEY 'at'", "ENGINE_IS_DELETED deleted", "ENGINE_SETTINGS 'index_granularity=8192'",
                "SHARED_WITH other_ws", "TAGS 'sales'",
                "IMPORT_SERVICE 's3'", "IMPORT_CONNECTION_NAME landing", "IMPORT_BUCKET_URI 's3://acme/orders/*.csv'",
                "IMPORT_SCHEDULE '@on-demand'", "IMPORT_STRATEGY 'append'", "IMPORT_FORMAT CSV",
                "IMPORT_FROM_TIMESTAMP '2024-01-01 00:00:00'", "IMPORT_LIST_AFTER_LAST_KEY True");

        Project project = load();

        assertThat(project.hasErrors()).as("%s", lines(project)).isFalse();
        ConnectionDef landing = project.connections().get("landing");
        assertThat(landing.settings().get("S3_REGION").sensitive()).isTrue();
        assertThat(ConnectionSettings.effectiveSettings(landing, FakeConnectorFactory.s3()))
                .containsExactly(Map.entry("S3_REGION", "eu-west-1"), Map.entry("S3_PATH_STYLE", "True"));
        DataSourceDef orders = project.dataSources().get("orders");
        assertThat(orders.description()).isEqualTo("Orders.");
        assertThat(orders.importSpec()).hasValueSatisfying(spec -> {
            assertThat(spec.connectionName()).isEqualTo("landing");
            assertThat(spec.bucketUri()).isEqualTo("s3://acme/orders/*.csv");
            assertThat(spec.address()).isEqualTo(new BucketAddress("s3", "acme", "orders/*.csv"));
            assertThat(spec.schedule()).isEqualTo(Schedule.ON_DEMAND);
            assertThat(spec.format()).isEqualTo("csv");
            assertThat(spec.fromTimestamp()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
            assertThat(spec.listAfterLastKey()).isTrue();
            assertThat(spec.location()).isEqualTo(new Location("datasources/orders.datasource", 14));
        });
    }

    @Test
    void readsTheBucketUriThroughTheConnectionsConnectorAndReportsItAtItsLine() {
        s3Connection();
        write(root, "datasources/a.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_BUCKET_URI gs://acme/*.csv",
                "IMPORT_SCHEDULE @auto");
        write(root, "datasources/b.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_SCHEDULE @auto",
                "IMPORT_BUCKET_URI s3://acme/[a-.csv");
        write(root, "datasources/c.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_SCHEDULE @auto",
                "IMPORT_BUCKET_URI s3://acme");

        assertThat(lines(load())).containsExactly(
                "datasources/a.datasource:2: error: IMPORT_BUCKET_URI must be s3://bucket/prefix/*.csv for connection "
                        + "landing of type s3 (found 'gs://acme/*.csv')",
                "datasources/b.datasource:3: error: IMPORT_BUCKET_URI has an invalid key pattern: Invalid range at "
                        + "character 1 (found 's3://acme/[a-.csv')",
                "datasources/c.datasource:3: error: IMPORT_BUCKET_URI cannot be read: no key pattern after bucket acme: "
                        + "write s3://acme/*.csv to import every CSV file in it (found 's3://acme')");
    }

    @Test
    void readsNotificationsAndTheirBackfillIntervalThroughTheConnector() {
        s3Connection();
        write(root, "datasources/a.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_BUCKET_URI s3://acme/*.csv",
                "IMPORT_SCHEDULE @event", "IMPORT_NOTIFICATIONS https://sqs.eu-west-1.amazonaws.com/1/q",
                "IMPORT_BACKFILL_INTERVAL 30m");
        write(root, "datasources/b.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_BUCKET_URI s3://acme/*.csv",
                "IMPORT_SCHEDULE @auto", "IMPORT_NOTIFICATIONS https://sqs.eu-west-1.amazonaws.com/1/q",
                "IMPORT_BACKFILL_INTERVAL 0");

        Project project = load();

        assertThat(project.hasErrors()).as("%s", lines(project)).isFalse();
        ImportSpec a = project.dataSources().get("a").importSpec().orElseThrow();
        assertThat(a.schedule()).isEqualTo(Schedule.EVENT);
        assertThat(a.notifications()).isEqualTo("https://sqs.eu-west-1.amazonaws.com/1/q");
        assertThat(a.backfillInterval()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(project.dataSources().get("b").importSpec().orElseThrow().backfillInterval()).isZero();
    }

    @Test
    void reportsNotificationMistakesAtTheirLines() {
        s3Connection();
        write(root, "connections/inbox.connection", "TYPE local");
        write(root, "datasources/a.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_BUCKET_URI s3://acme/*.csv",
                "IMPORT_SCHEDULE @event");
        write(root, "datasources/b.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_BUCKET_URI s3://acme/*.csv",
                "IMPORT_SCHEDULE @auto", "IMPORT_NOTIFICATIONS sqs-please", "IMPORT_BACKFILL_INTERVAL hourly");
        write(root, "datasources/c.datasource", "IMPORT_CONNECTION_NAME inbox", "IMPORT_BUCKET_URI file://./in/*.csv",
                "IMPORT_SCHEDULE @auto", "IMPORT_NOTIFICATIONS https://sqs.eu-west-1.amazonaws.com/1/q");
        write(root, "datasources/d.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_BUCKET_URI s3://acme/*.csv",
                "IMPORT_SCHEDULE @auto", "IMPORT_BACKFILL_INTERVAL 1h");

        assertThat(lines(load())).containsExactly(
                "datasources/a.datasource:3: error: IMPORT_SCHEDULE @event imports files as the bucket's events "
                        + "arrive, so it needs IMPORT_NOTIFICATIONS (the queue they go to); add 'IMPORT_NOTIFICATIONS "
                        + "https://sqs.REGION.amazonaws.com/ACCOUNT_ID/QUEUE' or write IMPORT_SCHEDULE @auto",
                "datasources/b.datasource:4: error: IMPORT_NOTIFICATIONS must be an SQS queue URL (found 'sqs-please')",
                "datasources/b.datasource:5: error: IMPORT_BACKFILL_INTERVAL must be a duration such as 30m, 1h or "
                        + "1d, or 0 to list only at start-up and on triggers (found 'hourly')",
                "datasources/c.datasource:4: error: IMPORT_NOTIFICATIONS cannot be used with connection inbox: "
                        + "connection type local has no bucket notifications here; remove the setting, and discovery "
                        + "lists the bucket on every run",
                "datasources/d.datasource:4: warning: IMPORT_BACKFILL_INTERVAL only matters with "
                        + "IMPORT_NOTIFICATIONS: without them every run lists the bucket");
    }

    @Test
    void aQueueIsReadThroughOneConnection() {
        s3Connection();
        write(root, "connections/archive.connection", "TYPE s3", "S3_REGION eu-west-1");
        String queue = "IMPORT_NOTIFICATIONS https://sqs.eu-west-1.amazonaws.com/1/q";
        write(root, "datasources/a.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_BUCKET_URI s3://acme/*.csv",
                "IMPORT_SCHEDULE @auto", queue);
        write(root, "datasources/b.datasource", "IMPORT_CONNECTION_NAME archive", "IMPORT_BUCKET_URI s3://old/*.csv",
                "IMPORT_SCHEDULE @auto", queue);

        assertThat(lines(load())).containsExactly("datasources/b.datasource:4: error: IMPORT_NOTIFICATIONS names a "
                + "queue that data source a reads through connection landing; a queue is polled once, through one "
                + "connection, so use landing here too or give this data source a queue of its own");
    }

    @Test
    void aMaskedBucketUriIsNeverQuoted() {
        s3Connection();
        write(root, "datasources/a.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_SCHEDULE @auto",
                "IMPORT_BUCKET_URI {{ tb_secret('URI') }}");
        Project project = new ProjectLoader(REGISTRY, new SecretResolver(
                Map.of("REGION", "eu-west-1", "URI", "s3://hidden-bucket"), Map.of())).load(root);

        assertThat(lines(project)).containsExactly("datasources/a.datasource:3: error: IMPORT_BUCKET_URI cannot be "
                + "read: the s3 connector refuses it (the value is masked)");
    }

    @Test
    void acceptsEveryTimestampForm() {
        assertThat(Timestamps.parse("2024-01-01T00:00:00Z")).contains(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(Timestamps.parse("2024-01-01 00:00:00")).contains(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(Timestamps.parse("2024-01-01")).contains(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(Timestamps.parse("2024-01-01T02:00:00+02:00")).contains(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(Timestamps.parse("yesterday")).isEmpty();
    }

    @Test
    void loadsAKafkaDataSourceWithCaseInsensitiveChoices() {
        write(root, "events.connection", "TYPE kafka", "KAFKA_BOOTSTRAP_SERVERS localhost:9092");
        write(root, "nested/clicks.datasource", "SCHEMA >", "    `at` DateTime `json:$.at`",
                "KAFKA_CONNECTION_NAME events", "KAFKA_TOPIC clicks", "KAFKA_GROUP_ID g1", "KAFKA_AUTO_OFFSET_RESET 'Earliest'",
                "KAFKA_STORE_RAW_VALUE 'False'", "KAFKA_STORE_HEADERS 'True'", "KAFKA_STORE_BINARY_HEADERS true",
                "KAFKA_TARGET_PARTITIONS 3", "KAFKA_KEY_FORMAT avro", "KAFKA_VALUE_FORMAT json_without_schema",
                "KAFKA_KEY_AVRO_DESERIALIZATION false");

        Project project = load();

        assertThat(project.hasErrors()).as("%s", lines(project)).isFalse();
        assertThat(project.dataSources().get("clicks").kafkaSpec()).hasValueSatisfying(spec -> {
            assertThat(spec.topic()).isEqualTo("clicks");
            assertThat(spec.autoOffsetReset()).isEqualTo("earliest");
            assertThat(spec.storeRawValue()).isFalse();
            assertThat(spec.storeHeaders()).isTrue();
            assertThat(spec.targetPartitions()).isEqualTo("3");
            assertThat(spec.location()).isEqualTo(new Location("nested/clicks.datasource", 3));
        });
    }

    /** Exported Tinybird projects write {@code KAFKA_KEY_AVRO_DESERIALIZATION ''}: an empty value is no value. */
    @Test
    void emptyKafkaSettingsCountAsUnsetAndFormatsAreTinybirds() {
        write(root, "events.connection", "TYPE kafka", "KAFKA_BOOTSTRAP_SERVERS localhost:9092");
        write(root, "clicks.datasource", "KAFKA_CONNECTION_NAME events", "KAFKA_TOPIC clicks", "KAFKA_GROUP_ID g1",
                "KAFKA_KEY_AVRO_DESERIALIZATION ''", "KAFKA_STORE_BINARY_HEADERS ''", "KAFKA_TARGET_PARTITIONS ''",
                "KAFKA_AUTO_OFFSET_RESET ''", "KAFKA_VALUE_FORMAT avro", "KAFKA_KEY_FORMAT ''");

        Project project = load();

        assertThat(project.hasErrors()).as("%s", lines(project)).isFalse();
        assertThat(project.dataSources().get("clicks").kafkaSpec()).hasValueSatisfying(spec -> {
            assertThat(spec.targetPartitions()).isEqualTo("auto");
            assertThat(spec.autoOffsetReset()).isEqualTo("latest");
        });

        write(root, "clicks.datasource", "KAFKA_CONNECTION_NAME events", "KAFKA_TOPIC clicks", "KAFKA_GROUP_ID g1",
                "KAFKA_VALUE_FORMAT protobuf");
        assertThat(lines(load())).containsExactly("clicks.datasource:4: error: KAFKA_VALUE_FORMAT must be one of "
                + "avro, json_with_schema, json_without_schema (found 'protobuf')");
    }

    @Test
    void reportsEveryErrorSortedByFileAndLine() {
        write(root, "connections/landing.connection", "TYPE s3", "S3_REGON x", "S3_ACCESS_KEY {{ tb_secret('K') }}");
        write(root, "datasources/a.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_BUCKET_URI s3://a/*",
                "IMPORT_SCHEDULE @hourly", "IMPORT_STRATEGY REPLACE", "IMPORT_FROM_TIMESTAMP soon", "COLOR blue",
                "IMPORT_LIST_AFTER_LAST_KEY yes");
        write(root, "datasources/b.datasource", "KAFKA_CONNECTION_NAME landing", "KAFKA_TOPIC t", "KAFKA_GROUP_ID g");

        List<String> lines = lines(load());

        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).startsWith("connections/landing.connection:1: error: S3_REGION is required");
        assertThat(lines.get(1)).startsWith("connections/landing.connection:2: error: unknown setting S3_REGON")
                .contains("did you mean S3_REGION?");
        assertThat(lines.get(2)).startsWith("connections/landing.connection:3: error: secret K is not set");
        assertThat(lines.get(3)).isEqualTo("datasources/a.datasource:3: error: IMPORT_SCHEDULE must be @auto (new "
                + "files every minute), @on-demand (when triggered) or @event (as the bucket's events arrive, with "
                + "IMPORT_NOTIFICATIONS) (found '@hourly')");
        assertThat(lines.get(4)).startsWith("datasources/a.datasource:4: error: IMPORT_STRATEGY must be APPEND")
                .contains("only appends").endsWith("(found 'REPLACE')");
        assertThat(lines.get(5)).startsWith("datasources/a.datasource:5: error: IMPORT_FROM_TIMESTAMP must be an ISO-8601")
                .endsWith("(found 'soon')");
        assertThat(lines.get(6)).startsWith("datasources/a.datasource:6: error: unknown setting COLOR");
        assertThat(lines.get(7)).isEqualTo("datasources/a.datasource:7: error: IMPORT_LIST_AFTER_LAST_KEY must be one "
                + "of true, false (found 'yes')");
        assertThat(lines.get(8)).startsWith("datasources/b.datasource:1: error: KAFKA_CONNECTION_NAME landing is a s3 connection");
    }

    @Test
    void reportsPluginRulesAndBadChoicesAtTheSettingsLine() {
        write(root, "connections/landing.connection", "TYPE S3", "S3_REGION r", "S3_ACCESS_KEY k", "S3_PATH_STYLE maybe");
        Project project = load();
        assertThat(lines(project)).containsExactly(
                "connections/landing.connection:4: error: S3_PATH_STYLE must be one of true, false (found 'maybe')");

        write(root, "connections/landing.connection", "TYPE S3", "S3_REGION r", "S3_ACCESS_KEY k");
        assertThat(lines(load())).containsExactly("connections/landing.connection:3: error: set both or neither");
    }

    @Test
    void missingConnectionIsAnErrorNamingIt() {
        s3Connection();
        write(root, "datasources/a.datasource", "IMPORT_CONNECTION_NAME landing_s4", "IMPORT_BUCKET_URI s3://a/*",
                "IMPORT_SCHEDULE @auto");

        assertThat(lines(load())).singleElement().asString()
                .startsWith("datasources/a.datasource:1: error: IMPORT_CONNECTION_NAME names no connection: landing_s4");
    }

    @Test
    void theSeedsServiceNamesForTheConnectionAreImportConnectionName() {
        s3Connection();
        write(root, "connections/files.connection", "TYPE local");
        write(root, "datasources/a.datasource", "S3_CONNECTION_NAME landing", "IMPORT_BUCKET_URI s3://a/*",
                "IMPORT_SCHEDULE @auto");
        write(root, "datasources/b.datasource", "GCS_CONNECTION_NAME landing", "IMPORT_BUCKET_URI s3://a/*",
                "IMPORT_SCHEDULE @auto");
        write(root, "datasources/c.datasource", "IMPORT_CONNECTION_NAME landing", "S3_CONNECTION_NAME landing",
                "IMPORT_BUCKET_URI s3://a/*", "IMPORT_SCHEDULE @auto");

        Project project = load();

        assertThat(project.dataSources()).containsOnlyKeys("a", "c");
        assertThat(project.dataSources().get("a").importSpec().orElseThrow().connectionName()).isEqualTo("landing");
        assertThat(lines(project)).containsExactly(
                "datasources/b.datasource:1: error: GCS_CONNECTION_NAME landing is a s3 connection, but "
                        + "GCS_CONNECTION_NAME names a connection of type gcs: write S3_CONNECTION_NAME landing (or "
                        + "IMPORT_CONNECTION_NAME, which takes any object store)",
                "datasources/c.datasource:2: error: S3_CONNECTION_NAME and IMPORT_CONNECTION_NAME (line 1) both "
                        + "name the connection: keep one of them");
        assertThat(ConnectionReferences.read(root)).extracting(ConnectionReferences.Reference::connection)
                .containsOnly("landing");
    }

    @Test
    void skipsWhatPipitDoesNotRunWithWarnings() {
        write(root, "connections/wh.connection", "TYPE bigquery", "BQ_PROJECT {{ tb_secret('UNSET') }}");
        write(root, "datasources/bq.datasource", "SCHEMA >", "    `a` String", "IMPORT_SERVICE bigquery",
                "IMPORT_SCHEDULE '0 * * * *'", "IMPORT_QUERY 'select 1'");
        write(root, "datasources/dynamo.datasource", "IMPORT_SERVICE dynamodb", "IMPORT_CONNECTION_NAME nowhere",
                "IMPORT_TABLE_ARN arn");
        write(root, "datasources/via_wh.datasource", "IMPORT_CONNECTION_NAME wh", "IMPORT_BUCKET_URI s3://a/*",
                "IMPORT_SCHEDULE @auto");
        write(root, "datasources/totals.datasource", "SCHEMA >", "    `t` AggregateFunction(sum, Float64)");
        write(root, "pipes/totals_mv.pipe", "NODE n", "SQL >", "    SELECT 1");
        write(root, "endpoints/top.pipe", "NODE n");
        write(root, ".tinyb/ignored.datasource", "BROKEN");
        write(root, "data/ignored.connection", "BROKEN");

        Project project = load();

        assertThat(project.hasErrors()).as("%s", lines(project)).isFalse();
        assertThat(project.connections()).isEmpty();
        assertThat(project.dataSources()).containsOnlyKeys("totals");
        assertThat(project.diagnostics()).extracting(Diagnostic::severity).containsOnly(
                Diagnostic.Severity.WARNING, Diagnostic.Severity.NOTE);
        assertThat(lines(project)).anySatisfy(line -> assertThat(line).startsWith("pipes/totals_mv.pipe: warning: pipes are not run"))
                .anySatisfy(line -> assertThat(line).startsWith("endpoints/top.pipe: warning: pipes are not run"))
                .anySatisfy(line -> assertThat(line).startsWith("connections/wh.connection:1: warning: connection type 'bigquery'"))
                .anySatisfy(line -> assertThat(line).startsWith("datasources/totals.datasource: note: not fed by Pipit"));
    }

    @Test
    void checksNamesColumnsAndTypes() {
        write(root, "local.connection", "TYPE local");
        write(root, "datasources/a.datasource", "SCHEMA >", "    `id` UInt64,", "    `ID` String,", "    `bad name` String,",
                "    `x` NotAType((", "IMPORT_CONNECTION_NAME local", "IMPORT_BUCKET_URI file://./in/*.csv", "IMPORT_SCHEDULE @auto");
        write(root, "datasources/a_quarantine.datasource", "SCHEMA >", "    `id` UInt64");
        write(root, "other/A.datasource", "SCHEMA >", "    `id` UInt64");
        write(root, "datasources/1st.datasource", "SCHEMA >", "    `id` UInt64");

        List<String> lines = lines(load()).stream().filter(line -> line.contains(": error: ")).toList();

        assertThat(lines).hasSize(6);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("datasources/1st.datasource: error: data source name '1st'"))
                .anySatisfy(line -> assertThat(line).startsWith("datasources/a.datasource:3: error: column ID is declared twice"))
                .anySatisfy(line -> assertThat(line).startsWith("datasources/a.datasource:4: error: column name 'bad name'"))
                .anySatisfy(line -> assertThat(line).startsWith("datasources/a.datasource:5: error: "))
                .anySatisfy(line -> assertThat(line).startsWith("datasources/a_quarantine.datasource: error: a data source may not be named"))
                .anySatisfy(line -> assertThat(line).startsWith("other/A.datasource: error: the name A is already taken"));
    }

    @Test
    void aFedColumnNeedsAStorableTypeAndAValidPath() {
        write(root, "local.connection", "TYPE local");
        write(root, "datasources/a.datasource", "SCHEMA >", "    `total` AggregateFunction(sum, Float64),",
                "    `at` DateTime `json:at`", "IMPORT_CONNECTION_NAME local", "IMPORT_BUCKET_URI file://./in/*.csv",
                "IMPORT_SCHEDULE @auto");

        assertThat(lines(load()).stream().filter(line -> line.contains(": error: ")))
                .containsExactly(
                        "datasources/a.datasource:2: error: column total: type AggregateFunction(sum, Float64) is not "
                                + "supported for data sources Pipit feeds; use a plain type such as String, Int64, "
                                + "Float64, Decimal(P, S), DateTime64(3) or Array(String)",
                        "datasources/a.datasource:3: error: column at: a json path starts with $, as in $.field or "
                                + "$.a.b: 'at'");
    }

    @Test
    void missingTypeIsAnError() {
        write(root, "connections/nothing.connection", "S3_REGION x");

        assertThat(lines(load())).singleElement().asString().startsWith("connections/nothing.connection: error: no TYPE");
    }
}

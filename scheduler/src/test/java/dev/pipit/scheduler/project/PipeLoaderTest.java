package dev.pipit.scheduler.project;

import static dev.pipit.scheduler.testutil.ProjectFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.testutil.FakeConnectorFactory;
import dev.pipit.scheduler.testutil.FakePlugin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipeLoaderTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.of(
            FakePlugin.ofConnectors(FakeConnectorFactory.s3(), FakeConnectorFactory.local(),
                    FakeConnectorFactory.kafka()));

    @TempDir
    Path root;

    private Project load() {
        write(root, "connections/exports.connection", "TYPE s3", "S3_REGION eu-west-1");
        write(root, "datasources/events.datasource", "SCHEMA >", "    `id` Int64,", "    `at` DateTime");
        return new ProjectLoader(REGISTRY, new SecretResolver(Map.of(), Map.of())).load(root);
    }

    private static List<String> lines(Project project) {
        return project.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void loadsAMultiNodeSinkWithTypedParameters() {
        write(root, "pipes/daily.pipe",
                "DESCRIPTION >", "    Daily export.",
                "NODE recent",
                "DESCRIPTION Rows since a time.",
                "SQL >", "    %",
                "    SELECT id, at FROM events WHERE at >= {{ DateTime(since, '2024-01-01 00:00:00') }}",
                "",
                "NODE result",
                "SQL >",
                "    SELECT * FROM recent WHERE id > {{Int32(min_id, 0)}} AND 'x' <> {{ String(tag, 'it''s') }}",
                "",
                "TYPE SINK",
                "EXPORT_CONNECTION_NAME exports",
                "EXPORT_BUCKET_URI 's3://bucket/daily'",
                "EXPORT_FILE_TEMPLATE 'events_{at, \"%Y\"}'".replace('"', '\''),
                "EXPORT_FORMAT ndjson",
                "EXPORT_COMPRESSION gz",
                "EXPORT_SCHEDULE '0 * * * *'",
                "EXPORT_STRATEGY truncate");

        Project project = load();

        assertThat(project.hasErrors()).as("%s", lines(project)).isFalse();
        PipeDef pipe = project.pipes().get("daily");
        assertThat(pipe.nodes()).extracting(PipeNode::name).containsExactly("recent", "result");
        assertThat(pipe.nodes().get(0).template().sql())
                .isEqualTo("SELECT id, at FROM events WHERE at >= ?");
        assertThat(pipe.parameters()).extracting(TemplateParameter::name).containsExactly("since", "min_id", "tag");
        assertThat(pipe.parameters()).extracting(TemplateParameter::type)
                .containsExactly(ParameterType.DATETIME, ParameterType.INTEGER, ParameterType.STRING);
        assertThat(pipe.cron()).contains("0 0 * * * ?");
        SinkSpec sink = pipe.sink().orElseThrow();
        assertThat(sink.prefix().bucket()).isEqualTo("bucket");
        assertThat(sink.prefix().literalPrefix()).isEqualTo("daily/");
        assertThat(sink.format()).isEqualTo(SinkSpec.Format.NDJSON);
        assertThat(sink.compression()).isEqualTo(SinkSpec.Compression.GZ);
        assertThat(sink.strategy()).isEqualTo(SinkSpec.Strategy.TRUNCATE);
    }

    @Test
    void reportsEveryProblemAtItsLine() {
        write(root, "pipes/broken.pipe",
                "NODE first",
                "SQL >", "    SELECT * FROM events WHERE id = {{ columns(cols) }}",
                "NODE second",
                "SQL >", "    {% if defined(x) %} SELECT 1 {% end %}",
                "TYPE sink",
                "EXPORT_CONECTION_NAME exports",
                "EXPORT_BUCKET_URI 'gs://bucket/x/'",
                "EXPORT_FILE_TEMPLATE out",
                "EXPORT_SCHEDULE 'every hour'",
                "TARGET_DATASOURCE events");

        Project project = load();

        assertThat(lines(project)).anySatisfy(line -> assertThat(line).startsWith(
                        "pipes/broken.pipe:2: error: node first: {{ columns(cols) }}: columns() is not supported"))
                .anySatisfy(line -> assertThat(line).startsWith(
                        "pipes/broken.pipe:5: error: node second: template blocks ({% ... %}) are not supported"))
                .anySatisfy(line -> assertThat(line).isEqualTo("pipes/broken.pipe:8: error: unknown setting "
                        + "EXPORT_CONECTION_NAME in a sink pipe; did you mean EXPORT_CONNECTION_NAME?"))
                .anySatisfy(line -> assertThat(line).startsWith("pipes/broken.pipe:11: error: EXPORT_SCHEDULE: "
                        + "'every hour' is no schedule"))
                .anySatisfy(line -> assertThat(line).startsWith("pipes/broken.pipe:12: error: TARGET_DATASOURCE "
                        + "belongs to copy pipes"))
                .anySatisfy(line -> assertThat(line).startsWith("pipes/broken.pipe: error: EXPORT_CONNECTION_NAME "
                        + "is missing"));
        assertThat(project.pipes()).isEmpty();
    }

    @Test
    void parquetNeedsThePluginThatWritesIt() {
        write(root, "pipes/typed.pipe", "NODE n", "SQL >", "    SELECT id FROM events",
                "TYPE SINK", "EXPORT_CONNECTION_NAME exports", "EXPORT_BUCKET_URI 's3://bucket/typed/'",
                "EXPORT_FILE_TEMPLATE part", "EXPORT_FORMAT parquet");

        Project project = load();

        assertThat(lines(project)).contains("pipes/typed.pipe:8: error: EXPORT_FORMAT parquet needs the parquet "
                + "plugin, which is not installed (plugins/parquet/)");
    }

    @Test
    void aKafkaSinkNamesAStreamConnectionAndATopicAndNoFileSettings() {
        write(root, "connections/events_kafka.connection", "TYPE kafka", "KAFKA_BOOTSTRAP_SERVERS localhost:9092");
        write(root, "pipes/publish.pipe", "NODE n", "SQL >", "    SELECT id FROM events",
                "TYPE SINK", "EXPORT_CONNECTION_NAME events_kafka", "EXPORT_KAFKA_TOPIC events_out",
                "EXPORT_SCHEDULE '*/5 * * * *'");
        write(root, "pipes/wrong.pipe", "NODE n", "SQL >", "    SELECT id FROM events",
                "TYPE SINK", "EXPORT_CONNECTION_NAME exports", "EXPORT_KAFKA_TOPIC events_out",
                "EXPORT_FORMAT csv");

        Project project = load();

        assertThat(project.pipes().get("publish").topicSink()).contains(
                new TopicSinkSpec("events_kafka", "events_out"));
        assertThat(project.pipes().get("publish").kind()).isEqualTo("sink");
        assertThat(lines(project)).contains("pipes/wrong.pipe:7: error: EXPORT_FORMAT belongs to sinks that write "
                        + "files; a Kafka sink (EXPORT_KAFKA_TOPIC) sends one JSON message per row: remove it",
                "pipes/wrong.pipe:5: error: EXPORT_KAFKA_TOPIC needs a kafka connection, and exports is of type s3 "
                        + "(to write files there, set EXPORT_BUCKET_URI and EXPORT_FILE_TEMPLATE instead)");
    }

    @Test
    void aScheduledPipeNeedsADefaultForEveryParameter() {
        write(root, "pipes/snap.pipe", "NODE n", "SQL >", "    SELECT id FROM events WHERE id > {{ Int64(above) }}",
                "TYPE COPY", "TARGET_DATASOURCE events", "COPY_SCHEDULE '*/5 * * * *'");

        Project project = load();

        assertThat(project.errors()).extracting(Diagnostic::toString).containsExactly(
                "pipes/snap.pipe:6: error: a scheduled pipe gives every "
                + "parameter a default, and above has none: write {{ Int64(above, ...) }} with a default, or "
                + "schedule it @on-demand");
    }

    @Test
    void loadsACopyPipeAndSkipsEndpointsWithAWarning() {
        write(root, "pipes/snap.pipe", "NODE n", "SQL >", "    SELECT id, at FROM events", "TYPE copy",
                "TARGET_DATASOURCE events", "COPY_MODE replace", "COPY_SCHEDULE '0 3 * * 1-5'");
        write(root, "pipes/api.pipe", "NODE n", "SQL >", "    SELECT 1", "TYPE endpoint");

        Project project = load();

        assertThat(project.hasErrors()).as("%s", lines(project)).isFalse();
        assertThat(project.pipes()).containsOnlyKeys("snap");
        PipeDef snap = project.pipes().get("snap");
        assertThat(snap.copy()).contains(new CopySpec("events", CopySpec.Mode.REPLACE));
        assertThat(snap.cron()).isEqualTo(Optional.of("0 0 3 ? * 2-6"));
        assertThat(lines(project)).anySatisfy(line -> assertThat(line)
                .startsWith("pipes/api.pipe: warning: pipes are not run by Pipit unless TYPE SINK or TYPE COPY"));
    }

    @Test
    void aPipeMayNotShareADataSourcesName() {
        write(root, "pipes/events.pipe", "NODE n", "SQL >", "    SELECT id FROM events", "TYPE COPY",
                "TARGET_DATASOURCE events");

        Project project = load();

        assertThat(project.errors()).extracting(Diagnostic::toString).containsExactly("pipes/events.pipe: error: the "
                + "name events is already taken by datasources/events.datasource: a pipe's runs are recorded under its "
                + "name, as a data source's are; rename one of the two files");
    }

    @Test
    void parameterValuesAreTypedNeverText() {
        assertThat(SqlTemplate.parse("SELECT {{ Float64(f, 1.5) }}, {{Date(d, '2024-02-29')}}").parameters())
                .extracting(parameter -> parameter.type().parse(parameter.defaultValue().orElseThrow()))
                .containsExactly(1.5, java.time.LocalDate.of(2024, 2, 29));
        assertThat(SqlTemplate.parse("SELECT {{ String(s, 'a''; DROP TABLE x; --') }}").sql()).isEqualTo("SELECT ?");
    }
}

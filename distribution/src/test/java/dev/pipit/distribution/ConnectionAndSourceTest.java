package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.InProcessCli;
import dev.pipit.testkit.kafka.KafkaBroker;
import dev.pipit.testkit.net.FreePorts;
import dev.pipit.testkit.s3.S3Server;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connection ls}, {@code connection test} and the {@code datasource} commands against real servers:
 * S3Proxy with keys, and the KRaft broker. A failing check names its cause and exits 1, and no secret appears in
 * anything printed.
 */
class ConnectionAndSourceTest {
    private static final String WRONG_SECRET = "wrong-secret-7f3a9c21e4b0d8";
    private static S3Server s3;

    @TempDir
    Path project;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3Server.withKeys();
        s3.createBucket("landing");
        s3.put("landing", "events/2026-11-01.csv", csv("1,2026-11-01 10:00:00,a\n2,2026-11-01 11:00:00,b\n"));
        s3.put("landing", "events/2026-11-02.csv", csv("3,2026-11-02 10:00:00,c\n4,2026-11-02 11:00:00,\n"));
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void writeProject() throws IOException {
        Files.createDirectories(project.resolve("connections"));
        Files.createDirectories(project.resolve("datasources"));
        s3Connection("landing", s3.endpoint().toString(), "LANDING_SECRET");
        s3Connection("wrong_key", s3.endpoint().toString(), "WRONG_SECRET");
        s3Connection("closed_port", "http://127.0.0.1:" + FreePorts.one(), "LANDING_SECRET");
        Files.writeString(project.resolve("connections/events.connection"),
                "TYPE kafka\nKAFKA_BOOTSTRAP_SERVERS " + KafkaBroker.shared().bootstrapServers() + "\n");
        Files.writeString(project.resolve("connections/nowhere.connection"),
                "TYPE kafka\nKAFKA_BOOTSTRAP_SERVERS 127.0.0.1:" + FreePorts.one() + "\n");
        Files.writeString(project.resolve("secrets.properties"), "LANDING_KEY=" + S3Server.ACCESS_KEY + "\n"
                + "LANDING_SECRET=" + S3Server.SECRET + "\nWRONG_SECRET=" + WRONG_SECRET + "\n");
        Files.writeString(project.resolve("pipit.properties"),
                "db.url=jdbc:h2:file:" + project.resolve("data/pipit").toAbsolutePath() + "\n");
    }

    @Test
    void connectionLsNamesEachConnectionsTypeAndDataSources() throws Exception {
        Files.writeString(project.resolve("datasources/events.datasource"), """
                SCHEMA >
                    `id` Int64

                IMPORT_CONNECTION_NAME landing
                IMPORT_BUCKET_URI s3://landing/events/*.csv
                IMPORT_SCHEDULE @on-demand
                """);

        assertThat(cli("connection", "ls", "--json")).isZero();

        JsonNode connections = new ObjectMapper().readTree(out.toString());
        assertThat(connections).hasSize(5);
        JsonNode landing = connections.get(2);
        assertThat(landing.get("name").asText()).isEqualTo("landing");
        assertThat(landing.get("type").asText()).isEqualTo("s3");
        assertThat(landing.get("file").asText()).isEqualTo("connections/landing.connection");
        assertThat(landing.at("/datasources/0").asText()).isEqualTo("events");

        out.getBuffer().setLength(0);
        assertThat(cli("connection", "ls")).isZero();
        assertThat(out.toString()).contains("NAME", "landing      s3     events");
        assertNoSecret();
    }

    @Test
    void connectionTestListsAPageOrNamesTheCauseWithoutASecret() {
        assertThat(cli("connection", "test", "landing", "--uri", "s3://landing/events/*.csv")).as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("ok: listed s3://landing/events/: 2 objects in the first page, 2 matching");

        assertThat(cli("connection", "test", "wrong_key", "--uri", "s3://landing/events/")).isEqualTo(1);
        assertThat(err.toString()).contains("failed: s3://landing/events/: connection 'wrong_key': access denied",
                "check S3_ACCESS_KEY", "cause: the connection's settings are refused",
                "its identity needs s3:ListBucket");

        assertThat(cli("connection", "test", "landing", "--uri", "s3://no-such-bucket/x/")).isEqualTo(1);
        assertThat(err.toString()).contains("failed: s3://no-such-bucket/x/: connection 'landing': bucket "
                + "'no-such-bucket' does not exist (listing s3://no-such-bucket/x/; check the bucket in the data "
                + "source's URI", "cause: the connection's settings are refused");

        assertThat(cli("connection", "test", "closed_port", "--uri", "s3://landing/")).isEqualTo(1);
        assertThat(err.toString()).contains("connection 'closed_port': cannot reach S3",
                "cause: the service did not answer or was busy; this may pass");

        assertThat(cli("connection", "test", "landing")).isEqualTo(2);
        assertThat(err.toString()).contains("no data source imports through connection landing", "--uri");
        assertNoSecret();
    }

    @Test
    void aKafkaConnectionIsTestedByItsTopicsAndAClosedPortFails() throws Exception {
        String topic = "checked_" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.shared().createTopic(topic, 2);

        assertThat(cli("connection", "test", "events", "--topic", topic)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ok: connected and authenticated;",
                "ok: topic " + topic + ": 2 partitions");

        assertThat(cli("connection", "test", "events", "--topic", "no_such_topic")).isEqualTo(1);
        assertThat(err.toString()).contains("topic no_such_topic does not exist");

        assertThat(cli("connection", "test", "nowhere")).isEqualTo(1);
        assertThat(err.toString()).contains("connection 'nowhere': cannot list the topics", "this may pass");
    }

    @Test
    void aPatternIsAnalyzedAtItsNewestMatchAndCreateCheckRunImportsEveryRow() throws Exception {
        assertThat(cli("datasource", "analyze", "s3://landing/events/*.csv", "--connection", "landing", "--json"))
                .as(err.toString()).isZero();
        JsonNode analysis = new ObjectMapper().readTree(out.toString());
        assertThat(analysis.get("source").asText()).isEqualTo("s3://landing/events/2026-11-02.csv");
        assertThat(analysis.get("note").asText()).isEqualTo("newest of 2 objects matching s3://landing/events/*.csv");
        assertThat(analysis.at("/dialect/header").asText()).isEqualTo("false");
        assertThat(analysis.at("/dialect/compression").asText()).isEqualTo("none");
        assertThat(analysis.at("/columns/1/type").asText()).isEqualTo("DateTime");
        assertThat(analysis.at("/columns/2/nullable").asBoolean()).isTrue();
        assertThat(analysis.at("/columns/0/examples").toString()).isEqualTo("[\"3\",\"4\"]");

        assertThat(cli("datasource", "create", "events", "--connection", "landing", "--uri",
                "s3://landing/events/*.csv", "--schedule", "@on-demand")).as(err.toString()).isZero();
        assertThat(cli("check")).as(out.toString()).isZero();
        out.getBuffer().setLength(0);
        assertThat(cli("run", "events")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("2 files, 4 rows, 0 quarantined");
        assertNoSecret();
    }

    @Test
    void aTopicIsSampledWithoutJoiningAGroupAndCreateWritesItsKafkaSettings() throws Exception {
        String topic = "visits_" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.shared().createTopic(topic, 2);
        KafkaBroker.shared().send(topic, 0, "{\"at\": \"2026-11-01 10:00:00\", \"page\": {\"path\": \"/a\"}}",
                "{\"at\": \"2026-11-01 10:00:01\", \"page\": {\"path\": \"/b\"}, \"user id\": 7}");
        KafkaBroker.shared().send(topic, 1, "not json", "{\"at\": \"2026-11-01 10:00:02\", \"page\": {}}");
        Set<String> groupsBefore = groups();

        assertThat(cli("datasource", "analyze", "--connection", "events", "--topic", topic)).as(err.toString())
                .isZero();

        assertThat(out.toString()).contains("kafka://events/" + topic + " (4 messages from the start of the topic)",
                "types guessed from 3 records",
                "rewritten: field 'user id' becomes column user_id");
        assertThat(cli("datasource", "create", "visits", "--connection", "events", "--topic", topic))
                .as(err.toString()).isZero();
        assertThat(Files.readString(project.resolve("datasources/visits.datasource"))).contains(
                "`at` DateTime `json:$.at`",
                "`page` String `json:$.page`",
                "`user_id` Nullable(Int64) `json:$['user id']`",
                "ENGINE_SORTING_KEY \"at\"",
                "KAFKA_CONNECTION_NAME events",
                "KAFKA_TOPIC " + topic,
                "KAFKA_GROUP_ID pipit_visits",
                "KAFKA_AUTO_OFFSET_RESET earliest");
        assertThat(cli("check")).as(out.toString()).isZero();
        assertThat(groups()).isEqualTo(groupsBefore);
    }

    @Test
    void badSourcesFailWithTheirCauseAndWriteNoFile() throws Exception {
        String empty = "silent_" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.shared().createTopic(empty, 1);
        assertThat(cli("datasource", "create", "silent", "--connection", "events", "--topic", empty,
                "--timeout", "1s")).isEqualTo(1);
        assertThat(err.toString()).contains("topic " + empty + " of connection events had no messages within 1 s");

        Path inbox = Files.createDirectories(project.resolve("inbox"));
        Files.write(inbox.resolve("empty.csv"), new byte[0]);
        Files.write(inbox.resolve("binary.csv"), new byte[] {0, 1, 2, (byte) 0xff, 0, 0, 7, 8});
        dev.pipit.testkit.parquet.ParquetFiles.write(inbox.resolve("none.parquet"), "message m { required int64 id; }",
                org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY, 0, (index, row) -> { });
        Files.writeString(project.resolve("connections/files.connection"), "TYPE local\n");

        assertThat(cli("datasource", "create", "a", "--file", inbox.resolve("empty.csv").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("empty.csv is empty (0 bytes)");
        assertThat(cli("datasource", "create", "b", "--file", inbox.resolve("binary.csv").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("not a text file");
        assertThat(cli("datasource", "analyze", inbox.resolve("none.parquet").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("none.parquet has no rows that parquet can read");

        assertThat(project.resolve("datasources")).isEmptyDirectory();
    }

    @Test
    void createRefusesToReplaceAFileWithoutForce() throws Exception {
        Path file = Files.createDirectories(project.resolve("inbox")).resolve("a.ndjson");
        Files.writeString(file, "{\"id\": 1}\n");
        Files.writeString(project.resolve("connections/files.connection"), "TYPE local\n");
        Files.writeString(project.resolve("datasources/a.datasource"), "kept");
        assertThat(cli("datasource", "analyze", "file://./inbox/*.ndjson", "--json")).as(err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("source").asText())
                .isEqualTo("file://" + project.toRealPath().resolve("inbox/a.ndjson"));

        assertThat(cli("datasource", "create", "a", "--file", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("a.datasource exists; pass --force to replace it");
        assertThat(project.resolve("datasources/a.datasource")).hasContent("kept");

        assertThat(cli("datasource", "create", "a", "--file", file.toString(), "--force")).isZero();
        assertThat(project.resolve("datasources/a.datasource")).content().contains("`id` Int64 `json:$.id`");
        try (var listing = Files.list(project.resolve("datasources"))) {
            assertThat(listing.map(path -> path.getFileName().toString()).toList()).containsExactly("a.datasource");
        }
    }

    private void s3Connection(String name, String endpoint, String secret) throws IOException {
        Files.writeString(project.resolve("connections/" + name + ".connection"), """
                TYPE s3
                S3_REGION %s
                S3_ACCESS_KEY {{ tb_secret("LANDING_KEY") }}
                S3_SECRET {{ tb_secret("%s") }}
                S3_ENDPOINT %s
                S3_PATH_STYLE true
                S3_MAX_ATTEMPTS 1
                S3_CONNECT_TIMEOUT 2s
                """.formatted(S3Server.REGION, secret, endpoint));
    }

    private void assertNoSecret() {
        assertThat(out + "" + err).doesNotContain(S3Server.SECRET, WRONG_SECRET);
    }

    private static Set<String> groups() throws Exception {
        try (Admin admin = KafkaBroker.shared().admin()) {
            return admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                    .map(GroupListing::groupId).collect(java.util.stream.Collectors.toSet());
        }
    }

    private int cli(String... arguments) {
        return InProcessCli.execute(out, err, arguments, "--project", project.toString(),
                "--config", project.resolve("pipit.properties").toString(),
                "--secrets", project.resolve("secrets.properties").toString());
    }

    private static byte[] csv(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

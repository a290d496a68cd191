package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipit.distribution.testutil.InProcessCli;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/scheduler connection create}, run as the CLI runs it, with the installed plugins' settings. */
class ConnectionCreateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path project;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void anIamRoleConnectionComesWithPoliciesToPaste() throws Exception {
        int exit = run("connection", "create", "s3_iamrole", "--name", "landing", "--region", "eu-west-1",
                "--role-arn", "arn:aws:iam::111111111111:role/pipit-read", "--policy", "read", "--bucket", "acme-landing");

        assertThat(exit).as(err.toString()).isZero();
        String file = Files.readString(project.resolve("connections/landing.connection"));
        assertThat(file).startsWith("TYPE s3_iamrole\n").contains("S3_REGION eu-west-1\n",
                "S3_ARN arn:aws:iam::111111111111:role/pipit-read\n");
        String externalId = file.lines().filter(line -> line.startsWith("S3_EXTERNAL_ID ")).findFirst().orElseThrow()
                .substring("S3_EXTERNAL_ID ".length());

        List<JsonNode> policies = jsonDocuments(out.toString());
        assertThat(policies).hasSize(2);
        JsonNode access = policies.get(0);
        assertThat(actions(access)).contains("s3:GetObject", "s3:ListBucket", "s3:ListAllMyBuckets")
                .doesNotContain("s3:PutObject");
        assertThat(access.toString()).contains("arn:aws:s3:::acme-landing", "arn:aws:s3:::acme-landing/*");
        JsonNode trust = policies.get(1);
        assertThat(trust.at("/Statement/0/Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(trust.at("/Statement/0/Condition/StringEquals/sts:ExternalId").asText()).isEqualTo(externalId);

        assertThat(run("check", project.toString())).as(out.toString()).isZero();
    }

    @Test
    void aWritePolicyAddsTheWriteActions() throws Exception {
        run("connection", "create", "s3", "--name", "exports", "--region", "us-east-1", "--policy", "write",
                "--bucket", "acme-exports");
        assertThat(actions(jsonDocuments(out.toString()).get(0))).contains("s3:GetObject", "s3:PutObject",
                "s3:AbortMultipartUpload");
    }

    @Test
    void aQueueAddsItsPermissionsAndTheBucketsNotificationConfiguration() throws Exception {
        int exit = run("connection", "create", "s3", "--name", "landing", "--region", "eu-west-1", "--policy", "read",
                "--bucket", "acme-landing", "--queue", "https://sqs.eu-west-1.amazonaws.com/111111111111/landing-events");

        assertThat(exit).as(err.toString()).isZero();
        List<JsonNode> documents = jsonDocuments(out.toString());
        assertThat(documents).hasSize(3);
        String queueArn = "arn:aws:sqs:eu-west-1:111111111111:landing-events";
        JsonNode access = documents.get(0);
        assertThat(actions(access)).contains("s3:GetObject", "s3:ListBucket", "sqs:ReceiveMessage",
                "sqs:DeleteMessage", "sqs:GetQueueAttributes");
        assertThat(access.at("/Statement/2/Resource").asText()).isEqualTo(queueArn);
        JsonNode queuePolicy = documents.get(1);
        assertThat(queuePolicy.at("/Statement/0/Principal/Service").asText()).isEqualTo("s3.amazonaws.com");
        assertThat(queuePolicy.at("/Statement/0/Condition/ArnLike/aws:SourceArn").asText())
                .isEqualTo("arn:aws:s3:::acme-landing");
        JsonNode notification = documents.get(2);
        assertThat(notification.at("/QueueConfigurations/0/QueueArn").asText()).isEqualTo(queueArn);
        assertThat(notification.at("/QueueConfigurations/0/Events/0").asText()).isEqualTo("s3:ObjectCreated:*");
        assertThat(out.toString()).contains("put-bucket-notification-configuration --bucket acme-landing");

        assertThat(run("connection", "create", "s3", "--name", "other", "--region", "eu-west-1", "--policy", "read",
                "--bucket", "acme-landing", "--queue", "landing-events")).isEqualTo(2);
        assertThat(err.toString()).contains("--queue: IMPORT_NOTIFICATIONS must be an SQS queue URL");
    }

    @Test
    void afterImportMoveAddsDeleteAndPutToAReadPolicyAndNeedsAPolicy() throws Exception {
        int exit = run("connection", "create", "s3", "--name", "landing", "--region", "us-east-1", "--policy", "read",
                "--bucket", "acme-landing", "--after-import", "move");
        int without = run("connection", "create", "s3", "--name", "other", "--region", "us-east-1",
                "--after-import", "delete");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(actions(jsonDocuments(out.toString()).get(0))).containsExactly("s3:GetObject", "s3:ListBucket",
                "s3:DeleteObject", "s3:PutObject", "s3:ListAllMyBuckets");
        assertThat(without).isEqualTo(2);
        assertThat(err.toString()).contains("--after-import only widens the policy: add --policy read --bucket BUCKET");
    }

    @Test
    void credentialsBecomePlaceholdersAndNeverFlags() throws Exception {
        assertThat(run("connection", "create", "s3", "--name", "archive", "--region", "us-east-1")).isZero();
        assertThat(Files.readString(project.resolve("connections/archive.connection"))).isEqualTo("""
                TYPE s3
                S3_REGION us-east-1
                S3_ACCESS_KEY {{ tb_secret("ARCHIVE_S3_ACCESS_KEY") }}
                S3_SECRET {{ tb_secret("ARCHIVE_S3_SECRET") }}
                """);
        assertThat(out.toString()).contains("export ARCHIVE_S3_ACCESS_KEY=...");

        assertThat(run("connection", "create", "kafka", "--name", "events", "--bootstrap-servers", "b:9092",
                "--setting", "KAFKA_SECRET=hunter2")).isEqualTo(2);
        assertThat(err.toString()).contains("KAFKA_SECRET is a secret").doesNotContain("hunter2");
    }

    @Test
    void anAzureConnectionIsScaffoldedFromThePluginsOwnSettings() throws Exception {
        int exit = run("connection", "create", "azure", "--name", "landing_azure", "--setting",
                "AZURE_STORAGE_ACCOUNT=acmelanding", "--endpoint", "https://acmelanding.blob.core.windows.net");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(Files.readString(project.resolve("connections/landing_azure.connection"))).isEqualTo("""
                TYPE azure
                AZURE_ENDPOINT https://acmelanding.blob.core.windows.net
                AZURE_STORAGE_ACCOUNT acmelanding
                AZURE_ACCOUNT_KEY {{ tb_secret("LANDING_AZURE_AZURE_ACCOUNT_KEY") }}
                """);
        assertThat(out.toString()).contains("export LANDING_AZURE_AZURE_ACCOUNT_KEY=...");
        assertThat(run("connection", "create", "azure", "--name", "other", "--setting",
                "AZURE_SAS_TOKEN=sv=2024&sig=abc")).isEqualTo(2);
        assertThat(err.toString()).contains("AZURE_SAS_TOKEN is a secret").doesNotContain("sig=abc");
    }

    @Test
    void aScriptGetsAnErrorForEachMissingFlagInsteadOfAPrompt() {
        assertThat(run("connection", "create", "s3_iamrole", "--name", "landing")).isEqualTo(2);
        assertThat(err.toString()).contains("missing --region", "missing --role-arn");
        assertThat(project.resolve("connections/landing.connection")).doesNotExist();

        assertThat(run("connection", "create", "kafka", "--name", "events", "--bootstrap-servers", "b:9092",
                "--setting", "KAFKA_SECURITY_PROTOCOL=CARRIER_PIGEON")).isEqualTo(2);
        assertThat(err.toString()).contains("KAFKA_SECURITY_PROTOCOL must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, "
                + "SASL_SSL (found 'CARRIER_PIGEON')");
        assertThat(run("connection", "create", "gcs", "--name", "g", "--role-arn", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--role-arn does not apply to this connection type");
        assertThat(run("connection", "create", "gcs", "--name", "lake", "--policy", "read", "--bucket", "b"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("connection type gcs has no access policy to print");
        assertThat(project.resolve("connections/lake.connection")).doesNotExist();
    }

    @Test
    void anExistingFileIsKeptWithoutForce() throws Exception {
        assertThat(run("connection", "create", "local", "--name", "inbox")).isZero();
        assertThat(run("connection", "create", "local", "--name", "inbox")).isEqualTo(1);
        assertThat(err.toString()).contains("exists; pass --force");
        assertThat(run("connection", "create", "local", "--name", "inbox", "--force")).isZero();
        assertThat(Files.readString(project.resolve("connections/inbox.connection"))).isEqualTo("TYPE local\n");
    }

    private int run(String... args) {
        return args[0].equals("check") ? InProcessCli.execute(out, err, args)
                : InProcessCli.execute(out, err, args, "--project", project.toString());
    }

    private static List<String> actions(JsonNode policy) {
        List<String> actions = new ArrayList<>();
        policy.get("Statement").forEach(statement -> statement.get("Action").forEach(action -> actions.add(action.asText())));
        return actions;
    }

    /** Every top-level JSON object in the output, in order. */
    private static List<JsonNode> jsonDocuments(String output) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        int start = output.indexOf("\n{");
        while (start >= 0) {
            int end = output.indexOf("\n}", start) + 2;
            documents.add(JSON.readTree(output.substring(start + 1, end)));
            start = output.indexOf("\n{", end);
        }
        return documents;
    }
}

package dev.pipit.scheduler.cli.connection;

import dev.pipit.scheduler.cli.ExitCodes;
import dev.pipit.scheduler.cli.LoadedProject;
import dev.pipit.scheduler.cli.ProjectOptions;
import dev.pipit.scheduler.discovery.BucketUri;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectStore;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/scheduler connection test}: opens a connection as an import would and asks for as little as proves
 * it works: one page of each bucket location, or a Kafka cluster's topics and the partitions of each topic. What
 * goes wrong is the plugin's own message, which names the connection and what to check and never a secret.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Check a connection before deploying: authenticate and list one page under each bucket URI "
                + "its data sources read (or --uri), or list a Kafka cluster's topics and read the partitions of "
                + "the topics its data sources consume (or --topic)."},
        footer = {"", "Exit codes: 0 every check passed, 1 one failed (the cause is printed), 2 nothing to test or "
                + "wrong options."})
final class TestConnectionCommand implements Callable<Integer> {
    private static final int PAGE = 10;
    /** What a connection's identity needs to read, by type: shown when a check fails, since that may be why. */
    private static final Map<String, String> READ_PERMISSIONS = Map.of(
            "s3", "s3:ListBucket on the bucket and s3:GetObject on its objects",
            "s3_iamrole", "s3:ListBucket on the bucket and s3:GetObject on its objects, for the role "
                    + "(`bin/scheduler connection create s3_iamrole ... --policy read --bucket B` prints the policy)",
            "gcs", "storage.objects.list and storage.objects.get on the bucket (roles/storage.objectViewer)",
            "kafka", "Describe on the cluster and Describe and Read on the topics (ACLs)");

    /** How the plugins' messages word a refusal (S3 and GCS "access denied", Kafka "not authorized"). */
    private static final Pattern REFUSAL = Pattern.compile("access denied|refused the credentials|not authorized",
            Pattern.CASE_INSENSITIVE);

    @Mixin
    private ProjectOptions options;

    @Parameters(index = "0", paramLabel = "NAME", description = "The connection's name.")
    private String name;

    @Option(names = "--uri", paramLabel = "URI",
            description = "List under this s3:// gs:// file:// URI instead of the data sources' IMPORT_BUCKET_URIs.")
    private String uri;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Read this topic's partitions instead of the data sources' KAFKA_TOPICs.")
    private String topic;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<LoadedProject> loaded = LoadedProject.load(options, null, err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILED;
        }
        Project project = loaded.get().project();
        ProjectConnection connection;
        try {
            connection = ProjectConnection.find(project, loaded.get().plugins(), name);
        } catch (IllegalArgumentException e) {
            err.println("connection test: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        List<DataSourceDef> users = ConnectionUsers.of(project, name);
        boolean passed;
        try {
            passed = connection.connector().kind() == ConnectorKind.STREAM
                    ? testStream(connection, users, out, err)
                    : testStore(connection, users, project, out, err);
        } catch (NothingToTest e) {
            err.println("connection test: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        out.flush();
        err.flush();
        return passed ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private boolean testStore(ProjectConnection connection, List<DataSourceDef> users, Project project,
            PrintWriter out, PrintWriter err) {
        Set<String> uris = new LinkedHashSet<>();
        if (uri != null) {
            uris.add(uri);
        } else {
            users.forEach(user -> user.importSpec().ifPresent(importSpec -> uris.add(importSpec.bucketUri())));
        }
        if (uris.isEmpty()) {
            throw new NothingToTest("no data source imports through connection " + name
                    + ", so there is no bucket to list: name one with --uri s3://bucket/prefix/");
        }
        try (ObjectStore store = connection.connector().openObjectStore(connection.context())) {
            boolean passed = true;
            for (String location : uris) {
                passed &= list(store, location, project, connection, out, err);
            }
            return passed;
        } catch (Exception e) {
            err.println("connection " + name + ": cannot open: " + e.getMessage());
            return false;
        }
    }

    private boolean list(ObjectStore store, String location, Project project, ProjectConnection connection,
            PrintWriter out, PrintWriter err) {
        try {
            // A folder (s3://bucket/ or s3://bucket/prefix/) is listed as a whole.
            BucketUri bucketUri = BucketUri.parse(location.endsWith("/") ? location + "**" : location,
                    project.root());
            Listing page = store.list(new ListRequest(bucketUri.bucket(), bucketUri.literalPrefix(), null, PAGE));
            long matching = page.objects().stream().filter(object -> bucketUri.matches(object.key())).count();
            out.println("ok: listed " + bucketUri.objectUri(bucketUri.literalPrefix()) + ": "
                    + page.objects().size() + (page.finished() ? "" : "+") + " objects in the first page, "
                    + matching + " matching " + location
                    + (page.objects().isEmpty() ? "" : "; first: " + bucketUri.objectUri(page.objects().get(0).key())));
            return true;
        } catch (Exception e) {
            failed(location + ": " + e.getMessage(), connection, err);
            return false;
        }
    }

    private boolean testStream(ProjectConnection connection, List<DataSourceDef> users, PrintWriter out,
            PrintWriter err) {
        Set<String> topics = new LinkedHashSet<>();
        if (topic != null) {
            topics.add(topic);
        } else {
            users.forEach(user -> user.kafkaSpec().ifPresent(kafkaSpec -> topics.add(kafkaSpec.topic())));
        }
        Set<String> visible;
        try {
            visible = connection.connector().topics(connection.context());
        } catch (RuntimeException e) {
            failed(e.getMessage(), connection, err);
            return false;
        }
        out.println("ok: connected and authenticated; " + visible.size() + " topics visible");
        boolean passed = true;
        for (String wanted : topics) {
            if (!visible.contains(wanted)) {
                err.println("failed: topic " + wanted + " does not exist, or the connection may not describe it");
                passed = false;
                continue;
            }
            try {
                Map<Integer, Long> ends = connection.connector().endOffsets(connection.context(), wanted);
                long endOffsets = ends.values().stream().mapToLong(Long::longValue).sum();
                out.println("ok: topic " + wanted + ": " + ends.size() + " partitions, end offsets summing to "
                        + endOffsets);
            } catch (RuntimeException e) {
                failed("topic " + wanted + ": " + e.getMessage(), connection, err);
                passed = false;
            }
        }
        return passed;
    }

    /** Prints a failure, and what a refused identity needs when the failure is a refusal. */
    private static void failed(String message, ProjectConnection connection, PrintWriter err) {
        err.println("failed: " + message);
        String needs = READ_PERMISSIONS.get(connection.definition().type());
        if (needs != null && REFUSAL.matcher(message).find()) {
            err.println("  the connection's identity needs " + needs);
        }
    }

    /** The connection has no data source to take a bucket or topic from, and none was named. */
    private static final class NothingToTest extends RuntimeException {
        NothingToTest(String message) {
            super(message, null, false, false);
        }
    }
}

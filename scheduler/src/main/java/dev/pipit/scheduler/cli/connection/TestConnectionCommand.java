package dev.pipit.scheduler.cli.connection;

import dev.pipit.scheduler.cli.ExitCodes;
import dev.pipit.scheduler.cli.LoadedProject;
import dev.pipit.scheduler.cli.ProjectOptions;
import dev.pipit.scheduler.discovery.KeyGlob;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.error.ErrorCategory;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/scheduler connection test}: opens a connection as an import would and asks for as little as proves
 * it works: one page of each bucket location, or a Kafka cluster's topics and the partitions of each topic. What
 * goes wrong is the plugin's own message, which names the connection and what to check and never a secret, and
 * what its error category says about it. Nothing here knows a store: a connector's {@code uriSchemes()} and
 * {@code bucketAddress()} read the URIs, so a newly installed connector is tested like the others.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Check a connection before deploying: authenticate and list one page under each bucket URI "
                + "its data sources read (or --uri), or list a Kafka cluster's topics and read the partitions of "
                + "the topics its data sources consume (or --topic)."},
        footer = {"", "Exit codes: 0 every check passed, 1 one failed (the cause is printed), 2 nothing to test or "
                + "wrong options."})
final class TestConnectionCommand implements Callable<Integer> {
    private static final int PAGE = 10;
    @Mixin
    private ProjectOptions options;

    @Parameters(index = "0", paramLabel = "NAME", description = "The connection's name.")
    private String name;

    @Option(names = "--uri", paramLabel = "URI",
            description = "List under this URI (s3://, gs://, abfss://, file://: any scheme the connection's type "
                    + "reads) instead of the data sources' IMPORT_BUCKET_URIs.")
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
        ConnectorBinding connection;
        try {
            connection = ConnectorBinding.named(project, loaded.get().plugins(), name);
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

    private boolean testStore(ConnectorBinding connection, List<DataSourceDef> users, Project project,
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
        try (ObjectStore store = connection.openObjectStore()) {
            boolean passed = true;
            for (String location : uris) {
                passed &= list(store, location, project, connection, out, err);
            }
            return passed;
        } catch (Exception e) {
            failed("cannot open: " + e.getMessage(), e, connection, err);
            return false;
        }
    }

    private boolean list(ObjectStore store, String location, Project project, ConnectorBinding connection,
            PrintWriter out, PrintWriter err) {
        BucketAddress address;
        KeyGlob glob;
        try {
            // A folder (s3://bucket/ or s3://bucket/prefix/) is listed as a whole.
            address = connection.bucketAddress(location.endsWith("/") ? location + "**" : location, project.root());
            glob = KeyGlob.compile(address.keyPattern());
        } catch (IllegalArgumentException e) {
            throw new NothingToTest(location + ": " + e.getMessage());
        }
        try {
            Listing page = store.list(ListRequest.firstPage(address.bucket(), address.literalPrefix(), PAGE));
            long matching = page.objects().stream().filter(object -> glob.test(object.key())).count();
            out.println("ok: listed " + address.objectUri(address.literalPrefix()) + ": "
                    + page.objects().size() + (page.finished() ? "" : "+") + " objects in the first page, "
                    + matching + " matching " + location
                    + (page.objects().isEmpty() ? "" : "; first: " + address.objectUri(page.objects().get(0).key())));
            return true;
        } catch (Exception e) {
            failed(location + ": " + e.getMessage(), e, connection, err);
            return false;
        }
    }

    private boolean testStream(ConnectorBinding connection, List<DataSourceDef> users, PrintWriter out,
            PrintWriter err) {
        Set<String> topics = new LinkedHashSet<>();
        if (topic != null) {
            topics.add(topic);
        } else {
            users.forEach(user -> user.kafkaSpec().ifPresent(kafkaSpec -> topics.add(kafkaSpec.topic())));
        }
        Set<String> visible;
        try {
            visible = connection.topics();
        } catch (RuntimeException e) {
            failed(e.getMessage(), e, connection, err);
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
                Map<Integer, Long> ends = connection.endOffsets(wanted);
                long endOffsets = ends.values().stream().mapToLong(Long::longValue).sum();
                out.println("ok: topic " + wanted + ": " + ends.size() + " partitions, end offsets summing to "
                        + endOffsets);
            } catch (RuntimeException e) {
                failed("topic " + wanted + ": " + e.getMessage(), e, connection, err);
                passed = false;
            }
        }
        return passed;
    }

    /**
     * Prints a failure and what its category says to do: settings to fix (with what the identity needs to read,
     * when its connector says), or a store that may answer later.
     */
    private static void failed(String message, Throwable error, ConnectorBinding connection, PrintWriter err) {
        err.println("failed: " + message);
        ErrorCategory category = ErrorCategory.of(error).orElse(null);
        if (category == ErrorCategory.CONFIGURATION) {
            String needs = connection.connector().readPermissions();
            String permissions = needs == null || needs.isEmpty() ? "" : " (to read, its identity needs " + needs + ")";
            err.println("  cause: the connection's settings are refused; testing again will not help until they "
                    + "change" + permissions);
        } else if (category == ErrorCategory.RETRIABLE) {
            err.println("  cause: the service did not answer or was busy; this may pass: check the endpoint and "
                    + "the network, then test again");
        }
    }

    /** The connection has no data source to take a bucket or topic from, and none was named. */
    private static final class NothingToTest extends RuntimeException {
        NothingToTest(String message) {
            super(message, null, false, false);
        }
    }
}

package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.Deployment;
import dev.pipit.scheduler.history.Deployments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/scheduler deployments}: the deployed project versions. */
@Command(name = "deployments", mixinStandardHelpOptions = true,
        description = "List the deployments, newest first: when, the project's content hash, and what changed.",
        footer = {"", "Exit codes: 0 ok, 3 database unreachable.",
                "--json prints an array of {id, deployed_at, content_hash, summary}."})
final class DeploymentsCommand implements Callable<Integer> {
    private static final int SHORT_HASH = 12;

    @Mixin
    private ProjectOptions options;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "At most N deployments (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Mixin
    private ListOutput output;

    @Override
    public Integer call() {
        try (Database database = AdminDatabase.open(options)) {
            List<Deployment> deployments = new Deployments(database.jdbi()).recent(limit);
            ListView<Deployment> view = new ListView<>(
                    List.of("ID", "DEPLOYED", "HASH", "SUMMARY"),
                    deployment -> new Object[] {deployment.id(), deployment.deployedAt(),
                        deployment.contentHash().substring(0, Math.min(SHORT_HASH, deployment.contentHash().length())),
                        deployment.summary()},
                    DeploymentsCommand::toJson,
                    "Nothing deployed yet; `bin/scheduler deploy` deploys the project.");
            output.print(view, deployments);
            return ExitCodes.OK;
        }
    }

    private static Map<String, Object> toJson(Deployment deployment) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", deployment.id());
        object.put("deployed_at", deployment.deployedAt());
        object.put("content_hash", deployment.contentHash());
        object.put("summary", deployment.summary());
        return object;
    }
}

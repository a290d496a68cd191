package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.admin.JmxClient;
import dev.pipit.scheduler.admin.JmxSettings;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.deploy.Deployer;
import dev.pipit.scheduler.deploy.DeploymentResult;
import dev.pipit.scheduler.deploy.DeploymentResult.Status;
import dev.pipit.scheduler.deploy.DeploymentRules;
import dev.pipit.scheduler.deploy.PlanText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler deploy}: plans the project against the latest deployment and applies it. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Compare the project with the latest deployment, print the plan, and apply it as a new "
                + "deployment.",
                "Removing a connection or a data source needs " + DeploymentRules.ALLOW_DESTRUCTIVE
                        + "; tables keep their rows.",
                "A running daemon is told over JMX; every daemon also checks for new deployments every "
                        + "deploy.poll-interval."},
        footer = {"", "Exit codes: 0 deployed, nothing to deploy, or a dry run that could deploy; 1 the project has "
                + "errors or the plan is refused; 3 database unreachable.",
                "--json prints {status, based_on, deployment, content_hash, plan, refused, daemon}."})
final class DeployCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Parameters(arity = "0..1", paramLabel = "PROJECT", description = "The project folder (default: --project or .).")
    private Path project;

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    private boolean dryRun;

    @Option(names = DeploymentRules.ALLOW_DESTRUCTIVE,
            description = "Allow removing connections and data sources (tables keep their rows).")
    private boolean allowDestructiveOperations;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PipitConfig config = options.config();
        Path dir = options.projectDir(project);
        LoadedProject loaded = LoadedProject.load(config, dir);
        try (Database database = Database.open(config, dir)) {
            Deployer deployer = new Deployer(database);
            List<String> stillUsed = deployer.connectionsStillUsed(loaded.project());
            boolean valid = LoadedProject.printDiagnostics(loaded.project(), err);
            stillUsed.forEach(refusal -> err.println("deploy: " + refusal));
            err.flush();
            if (!valid || !stillUsed.isEmpty()) {
                return ExitCodes.FAILED;
            }
            DeploymentResult result = deployer.deploy(loaded.project(), allowDestructiveOperations, dryRun);
            String daemon = result.status() == Status.DEPLOYED ? tellDaemon(config) : null;
            if (json) {
                JsonOutput.print(spec.commandLine().getOut(), toJson(result, daemon));
            } else {
                printText(result, daemon);
            }
            return result.status() == Status.REFUSED ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    private void printText(DeploymentResult result, String daemon) {
        PrintWriter out = spec.commandLine().getOut();
        if (result.status() == Status.UP_TO_DATE) {
            out.println("Nothing to deploy: the project is deployment " + result.basedOn() + ".");
            out.flush();
            return;
        }
        out.println(result.basedOn() == null ? "Plan (first deployment):"
                : "Plan against deployment " + result.basedOn() + ":");
        PlanText.lines(result.plan()).forEach(line -> out.println("  " + line));
        switch (result.status()) {
            case PLANNED -> out.println("Dry run: nothing changed. Run without --dry-run to deploy.");
            case DEPLOYED -> {
                out.println("Deployed as deployment " + result.deployment() + ".");
                out.println(daemon);
            }
            default -> {
                PrintWriter err = spec.commandLine().getErr();
                result.refusals().forEach(refusal -> err.println("deploy: " + refusal));
                err.println("deploy: nothing was changed.");
                err.flush();
            }
        }
        out.flush();
    }

    private static Map<String, Object> toJson(DeploymentResult result, String daemon) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("status", ListView.lower(result.status()));
        object.put("based_on", result.basedOn());
        object.put("deployment", result.deployment());
        object.put("content_hash", result.contentHash());
        object.put("plan", Deployer.planAsMap(result.plan()));
        object.put("refused", result.refusals());
        object.put("daemon", daemon);
        return object;
    }

    /** Asks a running daemon to load the deployment now; without one, daemons find it when they next poll. */
    private static String tellDaemon(PipitConfig config) {
        JmxSettings jmx = JmxSettings.from(config);
        String where = jmx.clientHost() + ":" + jmx.port();
        try (JmxClient client = JmxClient.connect(jmx)) {
            return "The daemon on " + where + ": " + client.control().reload() + ".";
        } catch (IOException e) {
            return "No daemon answers JMX on " + where + "; running daemons pick the deployment up within "
                    + "deploy.poll-interval (10 s unless configured).";
        } catch (RuntimeException e) {
            return "The daemon on " + where + " did not load the deployment (" + e.getMessage()
                    + "); it tries again within deploy.poll-interval.";
        }
    }
}

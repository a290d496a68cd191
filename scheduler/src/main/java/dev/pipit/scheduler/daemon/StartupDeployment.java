package dev.pipit.scheduler.daemon;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.deploy.Deployer;
import dev.pipit.scheduler.deploy.DeploymentResult;
import dev.pipit.scheduler.deploy.PlanText;
import dev.pipit.scheduler.history.ConcurrentDeploymentException;
import dev.pipit.scheduler.project.Project;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code start PROJECT} deploys the folder first when it differs from the latest deployment, by the same rules. */
final class StartupDeployment {
    private static final Logger LOG = LoggerFactory.getLogger(StartupDeployment.class);
    /** Daemons of a cluster starting together plan against the same deployment; the losers plan again. */
    private static final int ATTEMPTS = 3;

    private StartupDeployment() {}

    /** @throws IllegalStateException when the deployment is refused, naming why */
    static void run(Database database, Project project, boolean allowDestructiveOperations) {
        Deployer deployer = new Deployer(database);
        for (int attempt = 1; ; attempt++) {
            try {
                report(deployer.deploy(project, allowDestructiveOperations, false));
                return;
            } catch (ConcurrentDeploymentException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void report(DeploymentResult result) {
        switch (result.status()) {
            case REFUSED -> throw new IllegalStateException("the project differs from "
                    + (result.basedOn() == null ? "what is deployed" : "deployment " + result.basedOn())
                    + " and cannot be deployed at start-up: " + String.join("; ", result.refusals()));
            case DEPLOYED -> {
                LOG.info("The project differed from what was deployed; deployed it as deployment {}:",
                        result.deployment());
                PlanText.lines(result.plan()).forEach(line -> LOG.info("  {}", line));
            }
            default -> { }
        }
    }
}

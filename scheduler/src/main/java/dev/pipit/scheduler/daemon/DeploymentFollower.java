package dev.pipit.scheduler.daemon;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.deploy.ProjectManifest;
import dev.pipit.scheduler.history.Deployment;
import dev.pipit.scheduler.history.Deployments;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectFolder;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a running daemon on the latest deployment. The deployments table is the truth: {@code bin/scheduler deploy}
 * records a deployment and calls {@link #reload()} over JMX, and every daemon of a cluster also polls the table.
 * A deployment records the project's manifest, not its files, so the daemon reads its own project folder again
 * and switches only when that folder is what was deployed; until then it keeps the deployment it runs.
 */
public final class DeploymentFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentFollower.class);

    private final Deployments deployments;
    private final ProjectFolder folder;
    private final Target target;
    private final ScheduledExecutorService poller;
    private String appliedHash;
    private long lastMismatch = -1;

    /** What follows the deployments: the import schedule and the Kafka consumers. */
    interface Target {
        /** Switches to {@code project}; runs and batches in progress end with the project they started with. */
        void apply(Project project) throws Exception;
    }

    DeploymentFollower(Deployments deployments, ProjectFolder folder, Target target, Project running) {
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.folder = requireNonNull(folder, "folder is null");
        this.target = requireNonNull(target, "target is null");
        this.appliedHash = ProjectManifest.of(running).contentHash();
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pipit-deployments");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Checks the deployments table every {@code interval}; a failed check is logged and tried again. */
    void startPolling(Duration interval) {
        poller.scheduleWithFixedDelay(() -> {
            try {
                reload();
            } catch (RuntimeException e) {
                LOG.warn("Checking for a new deployment failed; trying again in {} ms: {}", interval.toMillis(),
                        e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Switches to the latest deployment if it is not the one running: reschedules the jobs and restarts the
     * consumers that changed, without interrupting runs in progress.
     *
     * @return what happened, for the caller of the JMX operation
     */
    public synchronized String reload() {
        Optional<Deployment> latest = deployments.latest();
        if (latest.isEmpty()) {
            return "nothing is deployed yet";
        }
        Deployment deployment = latest.get();
        if (deployment.contentHash().equals(appliedHash)) {
            return "deployment " + deployment.id() + " is running already";
        }
        Project project = folder.load();
        String folderHash = project.hasErrors() ? null : ProjectManifest.of(project).contentHash();
        if (!deployment.contentHash().equals(folderHash)) {
            String message = "deployment " + deployment.id() + " is not what " + project.root() + " holds "
                    + (project.hasErrors() ? "(the folder has errors)" : "(the folder differs)")
                    + "; the daemon keeps what it runs until the folder matches the deployment";
            if (lastMismatch != deployment.id()) {
                LOG.warn("{}", message);
                lastMismatch = deployment.id();
            }
            return message;
        }
        try {
            target.apply(project);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying deployment " + deployment.id(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply deployment " + deployment.id() + ": " + e.getMessage(), e);
        }
        appliedHash = folderHash;
        LOG.info("Deployment {} applied: {}", deployment.id(), deployment.summary());
        return "deployment " + deployment.id() + " applied: " + deployment.summary();
    }

    /**
     * Stops polling after the check in progress, if any. Never interrupts it: an interrupt in the middle of an H2
     * file write closes the whole database.
     */
    @Override
    public void close() throws InterruptedException {
        poller.shutdown();
        poller.awaitTermination(10, TimeUnit.SECONDS);
    }
}

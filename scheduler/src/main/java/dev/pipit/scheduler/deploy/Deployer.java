package dev.pipit.scheduler.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.pipe.PipeChecks;
import dev.pipit.scheduler.deploy.DeploymentPlan.DataSourceChange;
import dev.pipit.scheduler.deploy.DeploymentResult.Status;
import dev.pipit.scheduler.history.Deployment;
import dev.pipit.scheduler.history.Deployments;
import dev.pipit.scheduler.load.TableLoader;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a project with the latest deployment, checks the plan against {@link DeploymentRules}, and applies it:
 * the tables of changed data sources gain their new columns, and the deployment is recorded. Schedules follow
 * when a daemon loads the deployment ({@code DeploymentFollower}); nothing here deletes rows, ledgers or history.
 */
public final class Deployer {
    private static final ObjectMapper PLAN_JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final TypeReference<Map<String, Object>> PLAN_MAP = new TypeReference<>() {};

    private final Deployments deployments;
    private final TableLoader tables;
    private final PipeChecks pipeChecks;

    public Deployer(Database database) {
        requireNonNull(database, "database is null");
        this.deployments = new Deployments(database.jdbi());
        this.tables = new TableLoader(database);
        this.pipeChecks = new PipeChecks(database);
    }

    /**
     * Refusals for connections the project no longer defines while its data source files still name them; such a
     * project has load errors too, and this says what the deployment makes of them.
     */
    public List<String> connectionsStillUsed(Project project) {
        ProjectManifest deployed = deployedManifest(deployments.latest());
        return DeploymentRules.connectionsStillUsed(deployed, project.connections().keySet(), project.root());
    }

    /**
     * Plans the deployment of a project that loaded without errors and, unless {@code dryRun} or a rule refuses
     * it, applies and records it.
     *
     * @throws dev.pipit.scheduler.history.ConcurrentDeploymentException when another deployment was recorded
     *     between planning and recording
     */
    public DeploymentResult deploy(Project project, boolean allowDestructive, boolean dryRun) {
        if (project.hasErrors()) {
            throw new IllegalArgumentException("the project has errors; run `bin/scheduler check` to see them");
        }
        Optional<Deployment> latest = deployments.latest();
        Long basedOn = latest.map(Deployment::id).orElse(null);
        ProjectManifest target = ProjectManifest.of(project);
        String hash = target.contentHash();
        DeploymentPlan plan = DeploymentPlan.between(deployedManifest(latest), target);
        if (latest.isPresent() && latest.get().contentHash().equals(hash)) {
            return new DeploymentResult(Status.UP_TO_DATE, basedOn, null, hash, plan, List.of());
        }
        List<String> refusals = new ArrayList<>(DeploymentRules.refusals(plan, allowDestructive));
        // Pipes' SQL is prepared against the database now, so that SQL it cannot run fails here, not at 3 a.m.
        pipeChecks.check(project, !dryRun).forEach(problem -> refusals.add(problem.toString()));
        if (!refusals.isEmpty()) {
            return new DeploymentResult(Status.REFUSED, basedOn, null, hash, plan, refusals);
        }
        if (dryRun) {
            return new DeploymentResult(Status.PLANNED, basedOn, null, hash, plan, List.of());
        }
        for (DataSourceChange change : plan.dataSourcesChanged()) {
            DataSourceDef dataSource = project.dataSources().get(change.name());
            if (!change.columnsAdded().isEmpty() && !dataSource.schema().isEmpty()) {
                tables.prepare(dataSource);
            }
        }
        long id = deployments.record(basedOn, hash, PlanText.summary(plan), target.toJson(), planJson(plan));
        return new DeploymentResult(Status.DEPLOYED, basedOn, id, hash, plan, List.of());
    }

    /** The plan as stored and as {@code deploy --json} prints it. */
    public static Map<String, Object> planAsMap(DeploymentPlan plan) {
        return PLAN_JSON.convertValue(plan, PLAN_MAP);
    }

    private static String planJson(DeploymentPlan plan) {
        try {
            return PLAN_JSON.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the deployment plan: " + e.getMessage(), e);
        }
    }

    /** The latest deployment's manifest; an empty one before the first deployment or for one without a manifest. */
    private static ProjectManifest deployedManifest(Optional<Deployment> latest) {
        return latest.map(Deployment::manifest)
                .map(ProjectManifest::fromJson)
                .orElseGet(() -> new ProjectManifest(Map.of(), Map.of()));
    }
}

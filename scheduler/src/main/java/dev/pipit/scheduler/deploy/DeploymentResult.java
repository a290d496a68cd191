package dev.pipit.scheduler.deploy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a deploy did.
 *
 * @param basedOn the deployment the plan was made against, or {@code null} before the first
 * @param deployment the new deployment's id when {@link Status#DEPLOYED}, else {@code null}
 * @param contentHash the project's manifest hash
 * @param refusals why the plan may not be applied; empty unless {@link Status#REFUSED}
 */
public record DeploymentResult(Status status, Long basedOn, Long deployment, String contentHash, DeploymentPlan plan,
        List<String> refusals) {
    public enum Status {
        /** The project is what is deployed; nothing recorded. */
        UP_TO_DATE,
        /** A dry run whose plan could be applied. */
        PLANNED,
        /** The plan breaks a rule; nothing changed. */
        REFUSED,
        /** Applied and recorded as a new deployment. */
        DEPLOYED
    }

    public DeploymentResult {
        requireNonNull(status, "status is null");
        requireNonNull(contentHash, "contentHash is null");
        requireNonNull(plan, "plan is null");
        refusals = List.copyOf(refusals);
    }
}

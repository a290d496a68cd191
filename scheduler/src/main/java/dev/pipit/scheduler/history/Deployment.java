package dev.pipit.scheduler.history;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A deployed version of the project.
 *
 * @param contentHash the hash of the project's manifest, to tell whether a deploy changes anything
 * @param summary what changed, for people
 * @param manifest what was deployed, as JSON; {@code null} for deployments recorded before manifests were kept
 * @param plan the changes applied, as JSON; {@code null} like the manifest
 */
public record Deployment(long id, Instant deployedAt, String contentHash, String summary, String manifest, String plan) {
    public Deployment {
        requireNonNull(deployedAt, "deployedAt is null");
        requireNonNull(contentHash, "contentHash is null");
        requireNonNull(summary, "summary is null");
    }
}

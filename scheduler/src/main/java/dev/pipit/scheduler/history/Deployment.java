package dev.pipit.scheduler.history;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A deployed version of the project.
 *
 * @param contentHash the hash of the project's datafiles, to tell whether a deploy changes anything
 * @param summary what changed, for people
 */
public record Deployment(long id, Instant deployedAt, String contentHash, String summary) {
    public Deployment {
        requireNonNull(deployedAt, "deployedAt is null");
        requireNonNull(contentHash, "contentHash is null");
        requireNonNull(summary, "summary is null");
    }
}

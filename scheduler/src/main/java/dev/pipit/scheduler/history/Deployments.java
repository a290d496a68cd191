package dev.pipit.scheduler.history;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.SqlValues;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The deployed project versions ({@code pipit.deployments}). */
public final class Deployments {
    private static final int SUMMARY_LENGTH = 4000;

    private static final String INSERT = """
            INSERT INTO pipit.deployments (deployed_at, content_hash, summary)
            VALUES (CURRENT_TIMESTAMP, :contentHash, :summary)""";

    private static final String SELECT_LATEST = """
            SELECT id, deployed_at, content_hash, summary FROM pipit.deployments ORDER BY id DESC LIMIT 1""";

    private final Jdbi jdbi;

    public Deployments(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Records a deployment and commits it.
     *
     * @param summary cut to fit its column
     * @return the deployment's id
     */
    public long record(String contentHash, String summary) {
        return jdbi.inTransaction(handle -> handle.createUpdate(INSERT)
                .bind("contentHash", requireNonNull(contentHash, "contentHash is null"))
                .bind("summary", SqlValues.fit(requireNonNull(summary, "summary is null"), SUMMARY_LENGTH))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    public Optional<Deployment> latest() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_LATEST)
                .map((rs, ctx) -> new Deployment(
                        rs.getLong("id"),
                        SqlValues.instant(rs, "deployed_at"),
                        rs.getString("content_hash"),
                        rs.getString("summary")))
                .findOne());
    }
}

package dev.pipit.scheduler.history;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.SqlValues;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The deployed project versions ({@code pipit.deployments}). */
public final class Deployments {
    private static final int SUMMARY_LENGTH = 4000;
    private static final String COLUMNS = "id, deployed_at, content_hash, summary, manifest, plan";

    private static final String INSERT = """
            INSERT INTO pipit.deployments (deployed_at, content_hash, summary, manifest, plan)
            VALUES (CURRENT_TIMESTAMP, :contentHash, :summary, :manifest, :plan)""";

    private static final String SELECT_LATEST = "SELECT " + COLUMNS + " FROM pipit.deployments ORDER BY id DESC LIMIT 1";

    private static final String LOCK_LATEST = "SELECT id FROM pipit.deployments ORDER BY id DESC LIMIT 1 FOR UPDATE";

    private static final String SELECT_RECENT = "SELECT " + COLUMNS + " FROM pipit.deployments ORDER BY id DESC LIMIT :limit";

    private final Jdbi jdbi;

    public Deployments(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Records a deployment and commits it, unless another one was recorded since {@code basedOn}: a plan is only
     * valid against the deployment it was computed from.
     *
     * @param basedOn the latest deployment's id when the plan was made, or {@code null} when there was none
     * @param summary cut to fit its column
     * @param manifest what is deployed, as JSON
     * @param plan the changes, as JSON
     * @return the deployment's id
     * @throws ConcurrentDeploymentException when another deployment was recorded since {@code basedOn}
     */
    public long record(Long basedOn, String contentHash, String summary, String manifest, String plan) {
        return jdbi.inTransaction(handle -> {
            // The lock makes deployers take turns; the fresh read after it sees what the one before committed.
            handle.createQuery(LOCK_LATEST).mapTo(Long.class).findOne();
            Optional<Long> latest = handle.createQuery("SELECT max(id) FROM pipit.deployments").mapTo(Long.class).findOne();
            if (!latest.equals(Optional.ofNullable(basedOn))) {
                throw new ConcurrentDeploymentException("deployment " + latest.orElse(null) + " was recorded while "
                        + "this one was planned against " + (basedOn == null ? "none" : "deployment " + basedOn)
                        + "; run the deployment again to plan it against the latest");
            }
            return insert(handle, contentHash, summary, manifest, plan);
        });
    }

    private static long insert(Handle handle, String contentHash, String summary, String manifest, String plan) {
        return handle.createUpdate(INSERT)
                .bind("contentHash", requireNonNull(contentHash, "contentHash is null"))
                .bind("summary", SqlValues.fit(requireNonNull(summary, "summary is null"), SUMMARY_LENGTH))
                .bind("manifest", manifest)
                .bind("plan", plan)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    public Optional<Deployment> latest() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_LATEST).map(Deployments::map).findOne());
    }

    /** The latest deployments, newest first. */
    public List<Deployment> recent(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_RECENT)
                .bind("limit", limit)
                .map(Deployments::map)
                .list());
    }

    private static Deployment map(ResultSet rs, StatementContext context) throws SQLException {
        return new Deployment(
                rs.getLong("id"),
                SqlValues.instant(rs, "deployed_at"),
                rs.getString("content_hash"),
                rs.getString("summary"),
                rs.getString("manifest"),
                rs.getString("plan"));
    }
}

package dev.pipit.scheduler.ledger;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.db.SqlValues;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * When each data source's bucket was last listed in full ({@code pipit.listings}). With notifications, runs list
 * only when the backfill interval has passed since then, whichever node listed.
 */
public final class Listings {
    private static final String LAST = "SELECT listed_at FROM pipit.listings WHERE datasource = :datasource";
    private static final String UPDATE = "UPDATE pipit.listings SET listed_at = :at WHERE datasource = :datasource";
    // H2's PostgreSQL mode has no ON CONFLICT DO UPDATE: update, else insert, and a node inserting at the same moment
    // leaves its own time, which is as good.
    private static final String INSERT = """
            INSERT INTO pipit.listings (datasource, listed_at) VALUES (:datasource, :at) ON CONFLICT DO NOTHING""";

    private final Jdbi jdbi;

    public Listings(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public Optional<Instant> last(String dataSource) {
        return jdbi.withHandle(handle -> handle.createQuery(LAST).bind("datasource", dataSource)
                .map((rs, ctx) -> SqlValues.instant(rs, "listed_at")).findOne());
    }

    /** Records a finished listing that started at {@code startedAt}. */
    public void listed(String dataSource, Instant startedAt) {
        jdbi.useTransaction(handle -> {
            int updated = handle.createUpdate(UPDATE).bind("datasource", dataSource)
                    .bindBySqlType("at", SqlValues.toTimestamp(startedAt), Types.TIMESTAMP_WITH_TIMEZONE).execute();
            if (updated == 0) {
                handle.createUpdate(INSERT).bind("datasource", dataSource)
                        .bindBySqlType("at", SqlValues.toTimestamp(startedAt), Types.TIMESTAMP_WITH_TIMEZONE).execute();
            }
        });
    }
}

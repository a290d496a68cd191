package dev.pipit.scheduler.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.h2.mvstore.DataUtils;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** H2's errors as its own factory makes them, as they reach Pipit (wrapped by Jdbi or the pool). */
class DatabaseErrorsTest {
    @Test
    void aDatabaseH2ClosedAfterAFailedWriteIsToldWithTheSystemsRefusalFirst() {
        SQLException closed = DbException.get(ErrorCode.DATABASE_IS_CLOSED, DataUtils.newMVStoreException(
                DataUtils.ERROR_WRITING_FAILED, "Writing to {0} failed", "/x/data/pipit.mv.db",
                new IOException("No space left on device"))).getSQLException();

        assertThat(DatabaseErrors.closedAfterFailure(new UnableToExecuteStatementException(closed, null)))
                .hasValueSatisfying(found -> assertThat(DatabaseErrors.whyClosed(found))
                        .startsWith("No space left on device (Writing to /x/data/pipit.mv.db failed"));
    }

    @Test
    void aRefusalWithoutAMessageIsNamedByItsType() {
        SQLException closed = DbException.get(ErrorCode.DATABASE_IS_CLOSED, DataUtils.newMVStoreException(
                DataUtils.ERROR_READING_FAILED, "Reading from file {0} failed", "/x/data/pipit.mv.db",
                new EOFException())).getSQLException();

        assertThat(DatabaseErrors.closedAfterFailure(closed)).hasValueSatisfying(found -> assertThat(
                DatabaseErrors.whyClosed(found)).startsWith("EOFException (Reading from file /x/data/pipit.mv.db"));
    }

    @Test
    void aClosedDatabaseWithoutAFailureOfH2sOwnIsNotClosedAfterAFailure() {
        assertThat(DatabaseErrors.closedAfterFailure(DbException.get(ErrorCode.DATABASE_IS_CLOSED).getSQLException()))
                .isEmpty();
        assertThat(DatabaseErrors.closedAfterFailure(DbException.get(ErrorCode.DATABASE_CALLED_AT_SHUTDOWN)
                .getSQLException())).isEmpty();
        assertThat(DatabaseErrors.closedAfterFailure(new SQLTransientConnectionException("pool timed out")))
                .isEmpty();
    }

    @Test
    void aLockTimeoutADeadlockOrASerializationFailureIsOfTheMoment() {
        assertThat(DatabaseErrors.isTransient(new UnableToExecuteStatementException(
                DbException.get(ErrorCode.LOCK_TIMEOUT_1, "runs").getSQLException(), null))).isTrue();
        assertThat(DatabaseErrors.isTransient(DbException.get(ErrorCode.DEADLOCK_1, "").getSQLException())).isTrue();
        assertThat(DatabaseErrors.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(DatabaseErrors.isTransient(new SQLException("could not serialize access", "40001"))).isTrue();
        assertThat(DatabaseErrors.isTransient(new SQLException("canceling statement due to lock timeout", "55P03")))
                .isTrue();
    }

    @Test
    void whatTheRowsMadeFailIsNotOfTheMoment() {
        assertThat(DatabaseErrors.isTransient(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(DatabaseErrors.isTransient(DbException.get(ErrorCode.VALUE_TOO_LONG_2, "name", "x")
                .getSQLException())).isFalse();
    }

    @Test
    void aLostConnectionAndAServerOutOfAResourceMakeTheDatabaseUnavailable() {
        assertThat(DatabaseErrors.isConnectionFailure(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(DatabaseErrors.isConnectionFailure(new RuntimeException(new SQLException("shutting down", "57P01"))))
                .isTrue();
        assertThat(DatabaseErrors.isConnectionFailure(new SQLTransientConnectionException("pool timed out"))).isTrue();
        assertThat(DatabaseErrors.isOutOfResources(new SQLException("could not extend file", "53100"))).isTrue();
        assertThat(DatabaseErrors.whatFailed(new SQLException("could not extend file", "53100")))
                .isEqualTo("the database ran out of a resource");
        assertThat(DatabaseErrors.isUnavailable(new SQLException("duplicate key value", "23505"))).isFalse();
    }
}

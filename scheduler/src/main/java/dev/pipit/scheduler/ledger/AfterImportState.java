package dev.pipit.scheduler.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Where an after-import action ({@code IMPORT_AFTER_IMPORT delete} or {@code move}) of one import of a file stands.
 *
 * @param action {@code delete} or {@code move}
 * @param targetKey where a move puts the object, in its bucket; {@code null} for a delete
 * @param status {@code pending} (not tried yet), {@code failed} (tried again from {@code nextAttemptAt} on) or
 *     {@code done}
 * @param attempts how many times it was tried
 * @param error why the last attempt failed, or {@code null}
 * @param nextAttemptAt when a failed action is tried again, or {@code null}
 */
public record AfterImportState(String action, String targetKey, String status, int attempts, String error,
        Instant nextAttemptAt) {
    public AfterImportState {
        requireNonNull(action, "action is null");
        requireNonNull(status, "status is null");
    }
}

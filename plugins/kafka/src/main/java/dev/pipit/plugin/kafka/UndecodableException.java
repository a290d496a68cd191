package dev.pipit.plugin.kafka;

/** A message that cannot be decoded as its format says; the message says why, and the core quarantines it. */
final class UndecodableException extends Exception {
    private static final long serialVersionUID = 1L;

    UndecodableException(String reason) {
        super(reason);
    }
}

package dev.pipit.spi.connector;

import static java.util.Objects.requireNonNull;

/**
 * A document to paste into a cloud's console so a connection may use a bucket, such as an IAM policy.
 *
 * @param title what the document is and where it goes, shown above it without a trailing colon
 * @param text the document itself, printed as it is
 */
public record AccessDocument(String title, String text) {
    public AccessDocument {
        requireNonNull(title, "title is null");
        requireNonNull(text, "text is null");
    }
}

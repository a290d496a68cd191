package dev.pipit.scheduler.project;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Times as users write them, in datafiles ({@code IMPORT_FROM_TIMESTAMP}) and on the command line. */
public final class Timestamps {
    private Timestamps() {}

    /** ISO-8601 with or without an offset, a space instead of the T, or a date; times without an offset are UTC. */
    public static Optional<Instant> parse(String text) {
        String iso = text.replace(' ', 'T');
        try {
            return Optional.of(OffsetDateTime.parse(iso).toInstant());
        } catch (DateTimeParseException noOffset) {
            // Tinybird projects also write local times and plain dates; try those next.
        }
        try {
            return Optional.of(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException noTime) {
            // Last form left: a plain date.
        }
        try {
            return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notDate) {
            return Optional.empty();
        }
    }
}

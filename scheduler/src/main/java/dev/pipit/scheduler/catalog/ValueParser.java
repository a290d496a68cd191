package dev.pipit.scheduler.catalog;

/**
 * Turns one non-null source value into the JDBC value for one ClickHouse type.
 * Throws {@link IllegalArgumentException} or {@link java.time.DateTimeException} when the value does not fit;
 * {@link ValueConverter} turns either into the quarantine message.
 */
@FunctionalInterface
interface ValueParser {
    Object parse(Object value);
}

package dev.pipit.spi.format;

/**
 * Reads one record from bytes that hold exactly one record of a format, as a stream's message value holds one
 * JSON object. Thread-safe.
 */
@FunctionalInterface
public interface RecordDecoder {
    /**
     * The record in {@code bytes}: never {@code null}; when the bytes are not one record of the format, a record
     * whose {@link SourceRow#error()} says why, as a file's reader would say it of a line. Its
     * {@link SourceRow#line()} is 1. The record stays valid for good; it may keep {@code bytes}, which the caller
     * then leaves unchanged.
     */
    SourceRow decode(byte[] bytes);
}

package dev.pipit.scheduler.stream;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.Record;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a message's value as one JSON object through the {@code ndjson} format, so a message's values reach the
 * columns exactly as an NDJSON line's would (numbers, nesting, the reasons for bad input).
 *
 * <p>Two adjustments make a message one NDJSON line. Line breaks become spaces: in valid JSON they can only sit
 * between tokens, so a pretty-printed message stays the same object. And an empty object goes first, because the
 * format rejects a whole file whose first line is not an object, while for a later line it reports why that line
 * is bad; the reason is what the quarantine wants.
 */
final class MessageDecoder {
    private static final byte[] LEADING_LINE = "{}\n".getBytes(StandardCharsets.US_ASCII);

    private final FormatFactory ndjson;

    MessageDecoder(FormatFactory ndjson) {
        this.ndjson = requireNonNull(ndjson, "ndjson is null");
    }

    /** The value's members, or a record whose {@link Record#error()} says why the value is not a JSON object. */
    Record decode(byte[] value, String source) {
        if (value == null) {
            return new Undecodable("the message has no value (a tombstone); expected a JSON object");
        }
        InputStream input = new SequenceInputStream(new ByteArrayInputStream(LEADING_LINE),
                new ByteArrayInputStream(oneLine(value)));
        try (FormatReader reader = ndjson.open(input, new FormatOptions(source, "ndjson"))) {
            reader.read();
            Record record = reader.read();
            return record != null ? record : new Undecodable("the message is empty; expected a JSON object");
        } catch (IOException e) {
            return new Undecodable(e.getMessage());
        }
    }

    private static byte[] oneLine(byte[] value) {
        byte[] line = value.clone();
        for (int i = 0; i < line.length; i++) {
            if (line[i] == '\n' || line[i] == '\r') {
                line[i] = ' ';
            }
        }
        return line;
    }

    /** A value that is no JSON object at all. */
    private record Undecodable(String error) implements Record {
        @Override
        public int fieldCount() {
            return 0;
        }

        @Override
        public Object field(int index) {
            return null;
        }

        @Override
        public Object field(String name) {
            return null;
        }

        @Override
        public long line() {
            return 1;
        }
    }
}

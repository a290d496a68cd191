package dev.pipit.scheduler.stream;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import dev.pipit.spi.stream.StreamRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Decodes a message's value as one JSON object through the format the stream's connector names for its messages
 * (a line of NDJSON, for Kafka), so a message's values reach the columns exactly as a file's line's would
 * (numbers, nesting, the reasons for bad input).
 *
 * <p>Two adjustments make a message one NDJSON line. Line breaks become spaces: in valid JSON they can only sit
 * between tokens, so a pretty-printed message stays the same object. And an empty object goes first, because the
 * format rejects a whole file whose first line is not an object, while for a later line it reports why that line
 * is bad; the reason is what the quarantine wants.
 */
public final class MessageDecoder {
    private static final byte[] LEADING_LINE = "{}\n".getBytes(StandardCharsets.US_ASCII);

    /** Below this many messages a slice costs more to hand to another thread than it takes to decode. */
    private static final int MIN_SLICE_MESSAGES = 1_000;

    private final FormatFactory format;

    /** What is done with each decoded value, on the thread that decoded it. */
    @FunctionalInterface
    interface Then<T> {
        /** @param index the value's position in the batch */
        T apply(int index, SourceRow decoded);
    }

    MessageDecoder(FormatFactory format) {
        this.format = requireNonNull(format, "format is null");
    }

    /** The value's members, or a record whose {@link SourceRow#error()} says why the value is not a JSON object. */
    SourceRow decode(byte[] value, String source) {
        if (value == null) {
            return new Undecodable("the message has no value (a tombstone); expected a JSON object");
        }
        InputStream input = new SequenceInputStream(new ByteArrayInputStream(LEADING_LINE),
                new ByteArrayInputStream(oneLine(value)));
        try (FormatReader reader = format.open(input, options(source))) {
            reader.read();
            SourceRow record = reader.read();
            return record != null ? record : new Undecodable("the message is empty; expected a JSON object");
        } catch (IOException e) {
            return new Undecodable(e.getMessage());
        }
    }

    /**
     * Decodes a batch of messages' values as {@link #decode} decodes each, but through one NDJSON reader: opening
     * a reader per message allocated its 64 K-character line buffer every time, and that bounded a stream to a few
     * thousand messages a second. Values that cannot be a line of their own (none, blank) are answered alone; so is
     * every value when the batch as a whole cannot be read (bytes that are not UTF-8), each then with its own
     * reason. A message the connector could not decode keeps its {@link StreamRecord#error()}, and one it decoded
     * itself is its {@link StreamRecord#decoded()} record, which decodes when first asked: on the thread of the
     * slice that converts it, in {@link #decodeInParallel}.
     *
     * @param sources each message's name for reasons, as in {@link #decode}
     * @return one record per message, in order
     */
    List<SourceRow> decodeAll(List<StreamRecord> messages, List<String> sources) {
        SourceRow[] records = new SourceRow[messages.size()];
        List<Integer> inBatch = new ArrayList<>(messages.size());
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        lines.writeBytes(LEADING_LINE);
        for (int i = 0; i < messages.size(); i++) {
            StreamRecord message = messages.get(i);
            byte[] value = message.value();
            if (message.error() != null) {
                records[i] = new Undecodable(message.error());
            } else if (message.decoded() != null) {
                records[i] = message.decoded();
            } else if (value == null || isBlank(value)) {
                records[i] = decode(value, sources.get(i));
            } else {
                lines.writeBytes(oneLine(value));
                lines.write('\n');
                inBatch.add(i);
            }
        }
        if (inBatch.isEmpty()) {
            return Arrays.asList(records);
        }
        String batchSource = sources.isEmpty() ? "batch" : sources.get(0) + " and on";
        try (FormatReader reader = format.open(new ByteArrayInputStream(lines.toByteArray()),
                options(batchSource))) {
            reader.read();
            for (int i : inBatch) {
                SourceRow record = reader.read();
                if (record == null) {
                    throw new IOException("the batch ended before message " + sources.get(i));
                }
                records[i] = record;
            }
        } catch (IOException e) {
            for (int i : inBatch) {
                records[i] = decode(messages.get(i).value(), sources.get(i));
            }
        }
        return Arrays.asList(records);
    }

    /**
     * Decodes a batch as {@link #decodeAll} does and hands each record to {@code then} (the conversion to a row),
     * cut into slices done at the same time on the common fork-join pool (and this thread) when the batch is large
     * enough for that to pay: decoding and converting are most of a batch's CPU, and a consumer's thread otherwise
     * leaves the machine's other cores idle while it works.
     *
     * @return what {@code then} made of each value, in order
     */
    <T> List<T> decodeInParallel(List<StreamRecord> messages, List<String> sources, Then<T> then) {
        int slices = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
                messages.size() / MIN_SLICE_MESSAGES));
        int sliceSize = (messages.size() + slices - 1) / slices;
        IntStream sliceNumbers = IntStream.range(0, slices);
        return (slices > 1 ? sliceNumbers.parallel() : sliceNumbers)
                .mapToObj(slice -> {
                    int from = slice * sliceSize;
                    int to = Math.min(messages.size(), from + sliceSize);
                    List<SourceRow> decoded = decodeAll(messages.subList(from, to), sources.subList(from, to));
                    List<T> done = new ArrayList<>(decoded.size());
                    for (int i = 0; i < decoded.size(); i++) {
                        done.add(then.apply(from + i, decoded.get(i)));
                    }
                    return done;
                })
                .flatMap(List::stream)
                .toList();
    }

    /** {@code String.isBlank} of the UTF-8 text, without making the text of every value to ask it. */
    private static boolean isBlank(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                return new String(value, StandardCharsets.UTF_8).isBlank(); // non-ASCII: the text decides
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A reader of message values as NDJSON lines, one line per message as {@link #decodeAll} makes them, past
     * the leading line: what {@code datasource analyze} samples a topic through, so a topic's columns are inferred
     * from the values exactly as the consumer decodes them.
     */
    public static FormatReader reader(FormatFactory format, List<byte[]> values, String source) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        lines.writeBytes(LEADING_LINE);
        for (byte[] value : values) {
            lines.writeBytes(oneLine(value));
            lines.write('\n');
        }
        FormatReader reader = format.open(new ByteArrayInputStream(lines.toByteArray()),
                new FormatOptions(source, format.name(), List.of(), List.of()));
        reader.read();
        return reader;
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
    private record Undecodable(String error) implements SourceRow {
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

    private FormatOptions options(String source) {
        return new FormatOptions(source, format.name(), List.of(), List.of());
    }
}

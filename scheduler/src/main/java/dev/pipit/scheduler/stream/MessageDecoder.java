package dev.pipit.scheduler.stream;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.RecordDecoder;
import dev.pipit.spi.format.SourceRow;
import dev.pipit.spi.stream.StreamRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Decodes a message's value as one JSON object through the format the stream's connector names for its messages
 * (NDJSON, for Kafka), so a message's values reach the columns exactly as a file's line's would (numbers,
 * nesting, the reasons for bad input). The format reads each value's bytes itself ({@link RecordDecoder}): making
 * the values lines of a file for the format's file reader cost a copy of every value, a line reader and text
 * decoding, a third of a consumer's decoding.
 */
public final class MessageDecoder {
    /** Below this many messages a slice costs more to hand to another thread than it takes to decode. */
    private static final int MIN_SLICE_MESSAGES = 1_000;

    private final RecordDecoder format;

    /** What is done with each decoded value, on the thread that decoded it. */
    @FunctionalInterface
    interface Then<T> {
        /** @param index the value's position in the batch */
        T apply(int index, SourceRow decoded);
    }

    MessageDecoder(RecordDecoder format) {
        this.format = requireNonNull(format, "format is null");
    }

    /**
     * The value's members, or a record whose {@link SourceRow#error()} says why it is not a JSON object. A message
     * the connector could not decode keeps the connector's {@link StreamRecord#error()}, and one it decoded itself
     * is its {@link StreamRecord#decoded()} record, which decodes when first asked.
     */
    SourceRow decode(StreamRecord message) {
        if (message.error() != null) {
            return new Undecodable(message.error());
        }
        if (message.decoded() != null) {
            return message.decoded();
        }
        byte[] value = message.value();
        if (value == null) {
            return new Undecodable("the message has no value (a tombstone); expected a JSON object");
        }
        if (isBlank(value)) {
            return new Undecodable("the message is empty; expected a JSON object");
        }
        return format.decode(value);
    }

    /**
     * Decodes a batch as {@link #decode} decodes each message and hands each record to {@code then} (the
     * conversion to a row) as soon as it is decoded, while its values are still in the processor's cache:
     * converting a batch after decoding all of it spent two fifths of the conversion fetching them back. The batch
     * is cut into slices done at the same time on the common fork-join pool (and this thread) when it is large
     * enough for that to pay: decoding and converting are most of a batch's CPU, and a consumer's thread otherwise
     * leaves the machine's other cores idle while it works.
     *
     * @return what {@code then} made of each message, in order
     */
    <T> List<T> decodeInParallel(List<StreamRecord> messages, Then<T> then) {
        int slices = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
                messages.size() / MIN_SLICE_MESSAGES));
        int sliceSize = (messages.size() + slices - 1) / slices;
        IntStream sliceNumbers = IntStream.range(0, slices);
        return (slices > 1 ? sliceNumbers.parallel() : sliceNumbers)
                .mapToObj(slice -> {
                    int from = slice * sliceSize;
                    int to = Math.min(messages.size(), from + sliceSize);
                    List<T> done = new ArrayList<>(to - from);
                    for (int i = from; i < to; i++) {
                        done.add(then.apply(i, decode(messages.get(i))));
                    }
                    return done;
                })
                .flatMap(List::stream)
                .toList();
    }

    /**
     * A reader of message values decoded as the consumer decodes them, blank ones left out: what
     * {@code datasource analyze} samples a topic through, so a topic's columns are inferred from the values
     * exactly as the consumer reads them.
     */
    public static FormatReader reader(RecordDecoder format, List<byte[]> values) {
        Iterator<byte[]> next = values.stream().filter(value -> !isBlank(value)).iterator();
        return new FormatReader() {
            /** Values carry their own names. */
            @Override
            public List<String> fieldNames() {
                return List.of();
            }

            @Override
            public SourceRow read() {
                return next.hasNext() ? format.decode(next.next()) : null;
            }

            @Override
            public void close() {}
        };
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
}

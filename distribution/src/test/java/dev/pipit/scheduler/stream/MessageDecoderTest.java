package dev.pipit.scheduler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import dev.pipit.spi.stream.StreamRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A message's value decodes through the real NDJSON plugin (found on this module's class path) exactly as the same
 * text reads as a line of an NDJSON file: members, numbers, nesting, and the reasons for what is no JSON object.
 * Tombstones, blank values and bytes that are not UTF-8 get reasons of their own; a value the connector could not
 * decode keeps the connector's reason, and one it decoded is taken as it is.
 */
class MessageDecoderTest {
    private static final String TOPIC = "events";

    private final FormatFactory ndjson = PluginRegistry.forInstallation().format("ndjson").orElseThrow();
    private final MessageDecoder decoder = new MessageDecoder(ndjson.recordDecoder().orElseThrow());

    @Test
    void aValueReadsAsTheSameLineOfAFileWould() throws IOException {
        List<String> lines = List.of("{\"id\": 1, \"place\": {\"city\": \"Oslo\"}, \"tags\": [\"a\", 2.50]}",
                "{\"id\": 12345678901234567890, \"score\": 0.1, \"ok\": true, \"gone\": null}",
                "[1, 2]", "\"text\"", "not json", "{\"id\": 3} {\"id\": 4}", "{\"id\": ");

        for (int i = 0; i < lines.size(); i++) {
            SourceRow message = decoder.decode(message(i, lines.get(i)));
            SourceRow line = lineOfAFile(lines.get(i));
            assertThat(message.error()).as(lines.get(i)).isEqualTo(line.error());
            assertThat(message.fieldNames()).as(lines.get(i)).isEqualTo(line.fieldNames());
            for (String name : List.of("id", "place", "tags", "score", "ok", "gone")) {
                assertThat(message.field(name)).as("%s of %s", name, lines.get(i)).isEqualTo(line.field(name));
            }
        }
        assertThat(decoder.decode(message(0, lines.get(1))).field("score")).isEqualTo(new BigDecimal("0.1"));
    }

    /** A pretty-printed value is the same object: a message is one value, whatever its line breaks. */
    @Test
    void aPrettyPrintedValueIsTheSameObject() {
        SourceRow record = decoder.decode(message(0, "{\n  \"id\": 2,\r\n  \"tags\": [\"a\"]\n}\n"));

        assertThat(record.error()).isNull();
        assertThat(record.field("id")).isEqualTo(2L);
        assertThat(record.field("tags")).isEqualTo(List.of("a"));
        assertThat(record.rawText()).isEqualTo("{\n  \"id\": 2,\r\n  \"tags\": [\"a\"]\n}\n");
    }

    @Test
    void tombstonesBlankValuesAndBytesThatAreNotUtf8SayWhy() {
        StreamRecord notUtf8 = new StreamRecord(TOPIC, 0, 2, Instant.EPOCH, null,
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'}, List.of(), null);

        assertThat(decoder.decode(message(0, null)).error()).contains("tombstone");
        assertThat(decoder.decode(message(1, " \n ")).error()).contains("the message is empty");
        assertThat(decoder.decode(notUtf8).error()).contains("UTF-8");
        assertThat(decoder.decode(message(3, "\uFEFF")).error()).startsWith("invalid JSON");
    }

    /** An Avro message with an unknown schema id: the connector's reason is the quarantine's. */
    @Test
    void aValueTheConnectorCouldNotDecodeKeepsItsReason() {
        StreamRecord unknownSchema = new StreamRecord(TOPIC, 0, 1, Instant.EPOCH, null,
                new byte[] {0, 0, 0, 0, 7, 2}, List.of(), "schema id 7 is not in the schema registry");

        SourceRow record = decoder.decode(unknownSchema);

        assertThat(record.error()).isEqualTo("schema id 7 is not in the schema registry");
        assertThat(record.fieldCount()).isZero();
    }

    /** A value the connector decoded itself (Avro) is its record: its bytes are not read as JSON. */
    @Test
    void aValueTheConnectorDecodedIsItsOwnRecord() {
        SourceRow avro = new DecodedElsewhere(9L);
        StreamRecord message = new StreamRecord(TOPIC, 0, 1, Instant.EPOCH, null, new byte[] {0, 0, 0, 0, 7, 18},
                List.of(), null, avro);

        assertThat(decoder.decode(message)).isSameAs(avro);
    }

    /**
     * Slices decoded at the same time come back whole and in order, a bad message among them included, each
     * handed on with its own position in the batch.
     */
    @Test
    void aLargeBatchDecodedInSlicesKeepsItsOrder() {
        List<StreamRecord> messages = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            messages.add(message(i, i == 2_345 ? "not json" : "{\"id\": " + i + "}"));
        }

        List<Map.Entry<Integer, SourceRow>> records = decoder.decodeInParallel(messages, Map::entry);

        assertThat(records).hasSize(5_000);
        for (int i = 0; i < 5_000; i++) {
            assertThat(records.get(i).getKey()).isEqualTo(i);
            if (i == 2_345) {
                assertThat(records.get(i).getValue().error()).isNotNull();
            } else {
                assertThat(records.get(i).getValue().field("id")).isEqualTo((long) i);
            }
        }
    }

    /** What {@code datasource analyze} infers a topic's columns from: the values as the consumer decodes them. */
    @Test
    void theSampleReaderReadsValuesAsTheConsumerDoesAndLeavesBlankOnesOut() throws IOException {
        List<byte[]> values = List.of(bytes("{\"id\": 1}"), bytes("  "), bytes("{\"id\": 2,\n\"name\": \"b\"}"));

        try (FormatReader reader = MessageDecoder.reader(ndjson.recordDecoder().orElseThrow(), values)) {
            assertThat(reader.read().field("id")).isEqualTo(1L);
            SourceRow second = reader.read();
            assertThat(second.field("name")).isEqualTo("b");
            assertThat(second.fieldNames()).containsExactly("id", "name");
            assertThat(reader.read()).isNull();
        }
    }

    private SourceRow lineOfAFile(String line) throws IOException {
        // The first line of a file must be an object, or the whole file is refused: one goes before.
        byte[] file = ("{}\n" + line + "\n").getBytes(StandardCharsets.UTF_8);
        try (FormatReader reader = ndjson.open(new ByteArrayInputStream(file),
                new FormatOptions("events.ndjson", "ndjson", List.of(), List.of()))) {
            reader.read();
            return reader.read();
        }
    }

    private static StreamRecord message(long offset, String value) {
        return new StreamRecord(TOPIC, 0, offset, Instant.EPOCH, null, value == null ? null : bytes(value), List.of(),
                null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A record a connector decoded from bytes of its own encoding. */
    private record DecodedElsewhere(long id) implements SourceRow {
        @Override
        public int fieldCount() {
            return 1;
        }

        @Override
        public Object field(int index) {
            return index == 0 ? id : null;
        }

        @Override
        public Object field(String name) {
            return name.equals("id") ? id : null;
        }

        @Override
        public long line() {
            return 1;
        }
    }
}

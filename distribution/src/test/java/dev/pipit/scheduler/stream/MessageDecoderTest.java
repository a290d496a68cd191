package dev.pipit.scheduler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.format.SourceRow;
import dev.pipit.spi.stream.StreamRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch decodes exactly as its messages one by one would, through the real NDJSON plugin (found on this
 * module's class path): valid objects, tombstones, blank and empty values, non-objects, and bytes that are not
 * UTF-8, which make the batch fall back to one message at a time; a value the connector could not decode keeps
 * the connector's reason, and one it decoded is taken as it is.
 */
class MessageDecoderTest {
    private static final String TOPIC = "events";

    private final MessageDecoder decoder =
            new MessageDecoder(PluginRegistry.forInstallation().format("ndjson").orElseThrow());

    @Test
    void aBatchDecodesAsItsMessagesOneByOne() {
        assertSameAsOneByOne(values("{\"id\": 1, \"place\": {\"city\": \"Oslo\"}}", null, "  ", "",
                "[1, 2]", "{\"id\": 2,\n \"tags\": [\"a\"]}", "not json", "{\"id\": 3}"));
    }

    @Test
    void aMessageThatIsNotUtf8FallsBackToOneByOneWithoutLosingTheOthers() {
        List<byte[]> values = values("{\"id\": 1}", "{\"id\": 2}");
        values.add(1, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'});

        List<SourceRow> records = assertSameAsOneByOne(values);

        assertThat(records.get(0).field("id")).isEqualTo(1L);
        assertThat(records.get(1).error()).isNotNull();
        assertThat(records.get(2).field("id")).isEqualTo(2L);
    }

    /** An Avro message with an unknown schema id: the connector's reason is the quarantine's, the rest decode. */
    @Test
    void aValueTheConnectorCouldNotDecodeKeepsItsReasonAndTheOthersDecode() {
        List<StreamRecord> messages = messages(values("{\"id\": 1}", "{\"id\": 2}"));
        messages.set(1, new StreamRecord(TOPIC, 0, 1, Instant.EPOCH, null, messages.get(1).value(), List.of(),
                "schema id 7 is not in the schema registry"));

        List<SourceRow> records = decoder.decodeAll(messages, List.of("events[0]@0", "events[0]@1"));

        assertThat(records.get(0).field("id")).isEqualTo(1L);
        assertThat(records.get(1).error()).isEqualTo("schema id 7 is not in the schema registry");
        assertThat(records.get(1).fieldCount()).isZero();
    }

    /** A value the connector decoded itself (Avro) is its record: its bytes are not read as JSON. */
    @Test
    void aValueTheConnectorDecodedIsItsOwnRecord() {
        SourceRow avro = new DecodedElsewhere(9L);
        List<StreamRecord> messages = messages(values("{\"id\": 1}", null));
        messages.set(1, new StreamRecord(TOPIC, 0, 1, Instant.EPOCH, null, new byte[] {0, 0, 0, 0, 7, 18},
                List.of(), null, avro));

        List<SourceRow> records = decoder.decodeAll(messages, List.of("events[0]@0", "events[0]@1"));

        assertThat(records.get(0).field("id")).isEqualTo(1L);
        assertThat(records.get(1)).isSameAs(avro);
    }

    /**
     * Slices decoded at the same time come back whole and in order, a bad message among them included, each
     * handed on with its own position in the batch.
     */
    @Test
    void aLargeBatchDecodedInSlicesKeepsItsOrder() {
        List<byte[]> values = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            values.add((i == 2_345 ? "not json" : "{\"id\": " + i + "}").getBytes(StandardCharsets.UTF_8));
            sources.add("events[0]@" + i);
        }

        List<Map.Entry<Integer, SourceRow>> records = decoder.decodeInParallel(messages(values), sources,
                Map::entry);

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

    private List<SourceRow> assertSameAsOneByOne(List<byte[]> values) {
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            sources.add("events[0]@" + i);
        }
        List<SourceRow> batch = decoder.decodeAll(messages(values), sources);
        assertThat(batch).hasSameSizeAs(values);
        for (int i = 0; i < values.size(); i++) {
            SourceRow alone = decoder.decode(values.get(i), sources.get(i));
            assertThat(batch.get(i).error()).as("message %d", i).isEqualTo(alone.error());
            assertThat(batch.get(i).fieldCount()).as("message %d", i).isEqualTo(alone.fieldCount());
            for (String name : List.of("id", "place", "tags")) {
                assertThat(batch.get(i).field(name)).as("message %d, %s", i, name).isEqualTo(alone.field(name));
            }
        }
        return batch;
    }

    private static List<StreamRecord> messages(List<byte[]> values) {
        List<StreamRecord> messages = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            messages.add(new StreamRecord(TOPIC, 0, i, Instant.EPOCH, null, values.get(i), List.of(), null));
        }
        return messages;
    }

    private static List<byte[]> values(String... texts) {
        List<byte[]> values = new ArrayList<>();
        for (String text : texts) {
            values.add(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        }
        return values;
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

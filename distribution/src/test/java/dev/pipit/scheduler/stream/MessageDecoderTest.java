package dev.pipit.scheduler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.format.SourceRow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch decodes exactly as its messages one by one would, through the real NDJSON plugin (found on this
 * module's class path): valid objects, tombstones, blank and empty values, non-objects, and bytes that are not
 * UTF-8, which make the batch fall back to one message at a time; a value the connector could not decode keeps
 * the connector's reason.
 */
class MessageDecoderTest {
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
        List<byte[]> values = values("{\"id\": 1}", "{\"id\": 2}");
        List<String> errors = Arrays.asList(null, "schema id 7 is not in the schema registry");

        List<SourceRow> records = decoder.decodeAll(values, List.of("events[0]@0", "events[0]@1"), errors);

        assertThat(records.get(0).field("id")).isEqualTo(1L);
        assertThat(records.get(1).error()).isEqualTo("schema id 7 is not in the schema registry");
        assertThat(records.get(1).fieldCount()).isZero();
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

        List<Map.Entry<Integer, SourceRow>> records = decoder.decodeInParallel(values, sources,
                Collections.nCopies(5_000, null), Map::entry);

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
        List<SourceRow> batch = decoder.decodeAll(values, sources, Collections.nCopies(values.size(), null));
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

    private static List<byte[]> values(String... texts) {
        List<byte[]> values = new ArrayList<>();
        for (String text : texts) {
            values.add(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        }
        return values;
    }
}

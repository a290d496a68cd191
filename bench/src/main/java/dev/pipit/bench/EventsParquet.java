package dev.pipit.bench;

import dev.pipit.testkit.parquet.ParquetFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** The events of {@link EventsCsv} as a Parquet file, written by parquet-hadoop's own writer. */
final class EventsParquet {
    static final String SCHEMA = """
            message events {
              required int64 ts (TIMESTAMP(MILLIS,true));
              required binary event_id (STRING);
              required int64 user_id;
              required binary event_type (STRING);
              required binary path (STRING);
              optional binary referrer (STRING);
              required binary country (STRING);
              required binary device (STRING);
              required int32 duration_ms;
              optional double revenue;
            }""";

    private EventsParquet() {}

    /**
     * Writes {@code rows} events, uncompressed: a plain parquet-hadoop reader needs Hadoop's codecs and
     * snappy-java for Snappy, which the benchmark (like the plugin) leaves out; the decoding measured is the same.
     */
    static Path write(Path file, long rows, long seed) throws IOException {
        List<String[]> pending = new ArrayList<>();
        long[] generated = {0};
        ParquetFiles.write(file, SCHEMA, CompressionCodecName.UNCOMPRESSED, rows, (index, group) -> {
            if (pending.isEmpty()) {
                // Generated in the writer's order, a block at a time, from the CSV events' generator.
                long block = Math.min(10_000, rows - generated[0]);
                EventsCsv.forEachRow(block, seed + generated[0], pending::add);
                generated[0] += block;
            }
            String[] fields = pending.remove(pending.size() - 1);
            group.add("ts", LocalDateTime.parse(fields[0].replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli());
            group.add("event_id", fields[1]);
            group.add("user_id", Long.parseLong(fields[2]));
            group.add("event_type", fields[3]);
            group.add("path", fields[4]);
            if (!fields[5].isEmpty()) {
                group.add("referrer", fields[5]);
            }
            group.add("country", fields[6]);
            group.add("device", fields[7]);
            group.add("duration_ms", Integer.parseInt(fields[8]));
            if (!fields[9].isEmpty()) {
                group.add("revenue", Double.parseDouble(fields[9]));
            }
        });
        return file;
    }
}

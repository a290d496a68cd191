package dev.pipit.bench;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Baseline: the loop of {@link UnivocityJdbcLoad} split in two, as a user who wants both cores would write it. A
 * second thread parses and converts the events into batches of typed rows; the caller's thread only inserts them
 * ({@link EventsInsert}). It shows what reading ahead of the database can gain at all on the machine at hand:
 * on two cores with H2, nothing (0.97–1.01× the single loop; the note of {@code csv-h2} prints it).
 */
final class PipelinedJdbcLoad {
    static final String NAME = "univocity on a second thread + JDBC batch insert";
    private static final int BATCH_ROWS = 512;
    private static final List<Event> END = List.of();

    private PipelinedJdbcLoad() {}

    private record Event(Timestamp ts, String eventId, long userId, String eventType, String path, String referrer,
            String country, String device, int durationMs, Double revenue) {}

    /** @return the rows inserted into {@code table} (events schema), committed */
    static long load(Connection connection, String table, Path file) throws Exception {
        BlockingQueue<List<Event>> batches = new ArrayBlockingQueue<>(4);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (EventsInsert insert = new EventsInsert(connection, table)) {
            Future<?> reading = reader.submit(() -> read(file, batches));
            for (List<Event> batch = take(batches, reading); batch != END; batch = take(batches, reading)) {
                for (Event event : batch) {
                    insert.add(event.ts(), event.eventId(), event.userId(), event.eventType(), event.path(),
                            event.referrer(), event.country(), event.device(), event.durationMs(), event.revenue());
                }
            }
            return insert.commit();
        } finally {
            reader.shutdownNow();
        }
    }

    /** The next batch; should the reading thread fail, its failure instead of waiting for good. */
    private static List<Event> take(BlockingQueue<List<Event>> batches, Future<?> reading)
            throws InterruptedException, ExecutionException {
        while (true) {
            List<Event> batch = batches.poll(100, TimeUnit.MILLISECONDS);
            if (batch != null) {
                return batch;
            }
            if (reading.isDone()) {
                reading.get();
                throw new IllegalStateException("the reading thread ended without its last batch");
            }
        }
    }

    private static Void read(Path file, BlockingQueue<List<Event>> batches) throws IOException, InterruptedException {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(true);
        CsvParser parser = new CsvParser(settings);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            parser.beginParsing(reader);
            List<Event> batch = new ArrayList<>(BATCH_ROWS);
            String[] row;
            while ((row = parser.parseNext()) != null) {
                batch.add(new Event(Timestamp.valueOf(row[0]), row[1], Long.parseLong(row[2]), row[3], row[4], row[5],
                        row[6], row[7], Integer.parseInt(row[8]), row[9] == null ? null : Double.valueOf(row[9])));
                if (batch.size() == BATCH_ROWS) {
                    batches.put(batch);
                    batch = new ArrayList<>(BATCH_ROWS);
                }
            }
            batches.put(batch);
            batches.put(END);
            return null;
        } finally {
            parser.stopParsing();
        }
    }
}

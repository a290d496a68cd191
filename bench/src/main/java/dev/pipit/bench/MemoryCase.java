package dev.pipit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * memory: a CSV ten times the size of the main file (2 GB by default) and a Parquet file of twice the main file's
 * rows, each imported from S3 into PostgreSQL by a Pipit in a child JVM of its own with {@code -Xmx256m}. The
 * figure is the greater of the two peaks of heap in use after a collection; the baseline is the heap limit itself,
 * since what matters is that a file of any size streams through a small heap.
 *
 * <p>The Parquet file is smaller than the 1 GB so that the whole benchmark stays under ten minutes: the
 * plugin holds a page per column, whatever the row group's size, and at the default size the file already spans
 * more than one of the writer's 128 MB row groups, so a larger file repeats the same peak rather than raising it.
 * The goals differ by format (CSV at most 64 MB, Parquet at most 128 MB); both peaks are in the note.
 */
final class MemoryCase implements BenchCase {
    static final int HEAP_MB = 256;
    private static final int CSV_SCALE = 10;
    private static final int PARQUET_SCALE = 3;
    private static final String CSV_KEY = "memory/events-large.csv";
    private static final String PARQUET_KEY = "memory-parquet/events-large.parquet";

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        Map<String, String> db = env.postgres().createDatabase("bench_memory");
        PipitProject project = PipitProject.create(env.workDir().resolve(name()), env.s3())
                .addDataSource("events_large", uri(CSV_KEY), "@on-demand")
                .addDataSource("events_large_parquet", uri(PARQUET_KEY), "@on-demand");
        long csvRows = env.rows() * CSV_SCALE;
        env.log("generating %,d events for the memory case", csvRows);
        Peak csv = probe(env, project, db, "events_large", "CSV", csvRows,
                EventsCsv.write(env.s3().objectPath(BenchEnvironment.EVENTS_BUCKET, CSV_KEY), csvRows, 3));
        long parquetRows = env.rows() * PARQUET_SCALE;
        env.log("generating %,d events as Parquet for the memory case", parquetRows);
        Peak parquet = probe(env, project, db, "events_large_parquet", "Parquet", parquetRows,
                EventsParquet.write(env.s3().objectPath(BenchEnvironment.EVENTS_BUCKET, PARQUET_KEY), parquetRows,
                        4));
        return Result.of(name(), Math.max(csv.megabytes(), parquet.megabytes()),
                "heap limit (-Xmx" + HEAP_MB + "m)", HEAP_MB, "MB", "< 1.0×, no OutOfMemoryError",
                "the greater of two peaks of heap after GC, importing into PostgreSQL: " + csv + "; " + parquet);
    }

    private static String uri(String key) {
        return "s3://" + BenchEnvironment.EVENTS_BUCKET + "/" + key;
    }

    /** Imports {@code file} through {@code dataSource} in a child JVM, then deletes the file to free the disk. */
    private static Peak probe(BenchEnvironment env, PipitProject project, Map<String, String> db, String dataSource,
            String format, long rows, Path file) throws Exception {
        long fileMegabytes = Files.size(file) >> 20;
        List<String> options = new ArrayList<>(List.of("-Xmx" + HEAP_MB + "m"));
        db.forEach((key, value) -> options.add("-Dpipit." + key + "=" + value));
        env.log("importing a %,d MB %s file under -Xmx%dm in a child JVM", fileMegabytes, format, HEAP_MB);
        JsonNode result = ChildJvm.run(options, MemoryProbe.class, List.of(project.root().toString(), dataSource),
                Duration.ofHours(2));
        if (result.get("rows").asLong() != rows) {
            throw new IllegalStateException("the memory probe imported " + result.get("rows") + " rows of " + rows
                    + " from the " + format + " file");
        }
        Files.delete(file);
        return new Peak(format, fileMegabytes, rows, result.get("peak_heap_bytes").asLong() / (double) (1 << 20));
    }

    private record Peak(String format, long fileMegabytes, long rows, double megabytes) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f MB for a %,d MB %s (%,d rows)", megabytes, fileMegabytes, format,
                    rows);
        }
    }
}

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
 * memory: a CSV ten times the size of the main file (2 GB by default) imported from S3 into PostgreSQL by a Pipit
 * in a child JVM with {@code -Xmx256m}. The figure is the greatest heap in use after a collection; the baseline
 * is the heap limit itself, since what matters is that a file of any size streams through a small heap.
 */
final class MemoryCase implements BenchCase {
    static final int HEAP_MB = 256;
    private static final int SCALE = 10;
    private static final String KEY = "memory/events-large.csv";

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        long rows = env.rows() * SCALE;
        env.log("generating %,d events for the memory case", rows);
        Path file = EventsCsv.write(env.s3().objectPath(BenchEnvironment.EVENTS_BUCKET, KEY), rows, 3);
        long megabytes = Files.size(file) >> 20;
        Map<String, String> db = env.postgres().createDatabase("bench_memory");
        PipitProject project = PipitProject.create(env.workDir().resolve(name()), env.s3())
                .addDataSource("events_large", "s3://" + BenchEnvironment.EVENTS_BUCKET + "/" + KEY, "@on-demand");
        List<String> options = new ArrayList<>(List.of("-Xmx" + HEAP_MB + "m"));
        db.forEach((key, value) -> options.add("-Dpipit." + key + "=" + value));
        env.log("importing %,d MB under -Xmx%dm in a child JVM", megabytes, HEAP_MB);
        JsonNode probe = ChildJvm.run(options, MemoryProbe.class, List.of(project.root().toString(), "events_large"),
                Duration.ofHours(2));
        if (probe.get("rows").asLong() != rows) {
            throw new IllegalStateException("the memory probe imported " + probe.get("rows") + " rows of " + rows);
        }
        Files.delete(file);
        double peakMb = probe.get("peak_heap_bytes").asLong() / (double) (1 << 20);
        return Result.of(name(), peakMb, "heap limit (-Xmx" + HEAP_MB + "m)", HEAP_MB, "MB",
                "< 1.0×, no OutOfMemoryError",
                String.format(Locale.ROOT, "peak heap after GC while importing a %,d MB CSV (%,d rows) into "
                        + "PostgreSQL", megabytes, rows));
    }
}

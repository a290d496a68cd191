package dev.pipit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipit.testkit.net.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * many-datasources: one daemon with 1,000 {@code @auto} data sources over empty buckets, in a child JVM so that
 * its CPU is its own. Measuring whole minutes at the default 60 s interval would take too long, so the daemon
 * ticks every {@value #INTERVAL_SECONDS} s and the window's CPU and allocation per finished run are scaled to the
 * 1,000 runs a minute the default interval makes.
 */
final class ManyDataSourcesCase implements BenchCase {
    static final int DATA_SOURCES = 1_000;
    private static final int INTERVAL_SECONDS = 15;
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Duration WINDOW = Duration.ofSeconds(35);

    @Override
    public String name() {
        return "many-datasources";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        S3Bucket s3 = env.s3();
        Path dir = env.workDir().resolve(name());
        PipitProject project = PipitProject.create(dir, s3);
        for (int i = 0; i < DATA_SOURCES; i++) {
            String bucket = String.format(Locale.ROOT, "empty-%04d", i);
            s3.createBucket(bucket);
            project.addDataSource("ds_" + i, "s3://" + bucket + "/events/*.csv", "@auto");
        }
        int jmxPort = FreePorts.one();
        env.log("running a daemon with %,d @auto data sources for %d s", DATA_SOURCES,
                (SETTLE.plus(WINDOW)).toSeconds());
        JsonNode probe = ChildJvm.run(List.of("-Xmx512m",
                "-Dpipit.db.url=jdbc:h2:file:" + dir.resolve("data/pipit").toAbsolutePath(),
                "-Dpipit.auto.interval=" + INTERVAL_SECONDS + "s", "-Dpipit.jmx.port=" + jmxPort, "-Dpipit.http.port=0",
                "-Dpipit.node.id=bench"), DaemonProbe.class,
                List.of(dir.toString(), SETTLE.toString(), WINDOW.toString()), Duration.ofMinutes(5));
        long runs = probe.get("runs").asLong();
        if (runs == 0) {
            throw new IllegalStateException("no run ended within " + WINDOW);
        }
        double cpuSecondsPerMinute = probe.get("cpu_nanos").asLong() / 1e9 / runs * DATA_SOURCES;
        double allocatedMbPerMinute = probe.get("allocated_bytes").asLong() / (double) (1 << 20) / runs * DATA_SOURCES;
        return Result.of(name(), cpuSecondsPerMinute, "one core", 60, "CPU s/min", "well below 1.0×",
                String.format(Locale.ROOT, "%,d runs in %d s at a %d s interval, scaled to the %,d runs a minute "
                        + "of the default 60 s; heap: %,.0f MB allocated per minute, %,.0f MB live after a full GC",
                        runs, WINDOW.toSeconds(), INTERVAL_SECONDS, DATA_SOURCES, allocatedMbPerMinute,
                        probe.get("live_heap_bytes").asLong() / (double) (1 << 20)));
    }
}

package dev.pipit.bench;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.plugin.PluginRegistry;
import java.nio.file.Path;

/**
 * The memory case's child JVM: imports one data source of the parent's project (database from {@code
 * -Dpipit.db.*}) and prints {@code {"rows": N, "peak_heap_bytes": B, "max_heap_bytes": M}}.
 *
 * <p>Arguments: the project folder and the data source.
 */
public final class MemoryProbe {
    private MemoryProbe() {}

    public static void main(String[] args) throws Exception {
        PeakHeap heap = PeakHeap.watch();
        PipitConfig config = PipitConfig.load(null, System.getenv(), System.getProperties());
        long rows;
        try (PipitImport pipit = PipitImport.open(PluginRegistry.forInstallation(), PipitProject.at(Path.of(args[0])),
                config)) {
            rows = pipit.run(args[1]);
        }
        System.gc();
        // Notifications arrive on the JMX thread, after the collection they describe.
        Thread.sleep(500);
        System.out.printf("{\"rows\": %d, \"peak_heap_bytes\": %d, \"max_heap_bytes\": %d}%n", rows,
                heap.peakBytes(), Runtime.getRuntime().maxMemory());
    }
}

package dev.pipit.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.daemon.Daemon;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.plugin.PluginRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The many-datasources case's child JVM: runs the daemon on the parent's project (configuration from {@code
 * -Dpipit.*}), lets it settle, then measures a window and prints {@code {"runs", "cpu_nanos", "allocated_bytes",
 * "live_heap_bytes"}}: the runs that ended in the window, the process's CPU time, the bytes its threads allocated,
 * and the heap in use after a full collection at the end.
 *
 * <p>Arguments: the project folder, the settling time and the window, as ISO-8601 durations.
 */
public final class DaemonProbe {
    private DaemonProbe() {}

    public static void main(String[] args) throws Exception {
        Path projectDir = Path.of(args[0]);
        PipitConfig config = PipitConfig.load(null, System.getenv(), System.getProperties());
        PluginRegistry plugins = PluginRegistry.forInstallation();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Daemon.start(config, PipitProject.at(projectDir).load(plugins), plugins);
        try (Database database = Database.open(config, projectDir)) {
            Thread.sleep(Duration.parse(args[1]).toMillis());
            long runs = endedRuns(database);
            long cpu = os.getProcessCpuTime();
            long allocated = allocated(threads);
            Thread.sleep(Duration.parse(args[2]).toMillis());
            runs = endedRuns(database) - runs;
            cpu = os.getProcessCpuTime() - cpu;
            allocated = allocated(threads) - allocated;
            System.gc();
            long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("{\"runs\": %d, \"cpu_nanos\": %d, \"allocated_bytes\": %d, \"live_heap_bytes\": %d}%n",
                    runs, cpu, allocated, live);
            System.out.flush();
        }
        // Not daemon.close(): with a thousand runs in flight, Quartz's shutdown interrupts runs in the middle of an
        // H2 write (ClosedByInterruptException), and once the close hung for minutes. The figures are out; the
        // process ends here, as a killed daemon would.
        Runtime.getRuntime().halt(0);
    }

    private static long endedRuns(Database database) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM pipit.runs WHERE ended_at IS NOT NULL").mapTo(Long.class).one());
    }

    /** Bytes allocated by the live threads; Quartz's workers and the pool's threads live as long as the daemon. */
    private static long allocated(ThreadMXBean threads) {
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(b -> b > 0).sum();
    }
}

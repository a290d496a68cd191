package dev.pipit.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/** What the figures were measured on: they mean little without it. */
public record Machine(int cores, long memoryBytes, String jvm) {
    public static Machine current() {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Machine(Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB)");
    }

    @Override
    public String toString() {
        return cores + " cores, " + memoryBytes / (1 << 20) + " MB memory, " + jvm;
    }
}

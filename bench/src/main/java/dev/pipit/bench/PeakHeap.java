package dev.pipit.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The greatest heap in use right after a garbage collection: what a program really holds at its peak, as opposed
 * to the heap in use at any moment, which grows with garbage towards {@code -Xmx} whatever the program keeps.
 */
final class PeakHeap {
    private final AtomicLong peak = new AtomicLong();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());

    static PeakHeap watch() {
        PeakHeap watcher = new PeakHeap();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    watcher.record(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
                }
            }, null, null);
        }
        return watcher;
    }

    private void record(GarbageCollectionNotificationInfo info) {
        long used = 0;
        for (var entry : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(entry.getKey())) {
                MemoryUsage usage = entry.getValue();
                used += usage.getUsed();
            }
        }
        peak.accumulateAndGet(used, Math::max);
    }

    /** Bytes; zero when no collection has happened yet. */
    long peakBytes() {
        return peak.get();
    }
}

package dev.pipit.scheduler.stream;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.KafkaSpec;
import dev.pipit.scheduler.project.Project;
import dev.pipit.spi.stream.StreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Compares a Kafka data source's stored offsets with the ends of its topic's partitions. */
public final class StreamLag {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLag.class);

    private StreamLag() {}

    /**
     * Every partition of the topic, and every partition with a stored offset, in partition order. When the broker
     * cannot be asked, the end offsets are unknown and the stored ones are still shown.
     */
    public static List<PartitionLag> of(DataSourceDef dataSource, Project project, PluginRegistry plugins,
            StreamOffsets offsets) {
        KafkaSpec spec = dataSource.kafkaSpec().orElseThrow();
        Map<Integer, Long> stored = offsets.byDataSource(dataSource.name());
        Map<Integer, Long> ends = endOffsets(spec, project, plugins);
        TreeSet<Integer> partitions = new TreeSet<>(stored.keySet());
        partitions.addAll(ends.keySet());
        List<PartitionLag> lags = new ArrayList<>();
        for (int partition : partitions) {
            lags.add(new PartitionLag(partition, stored.get(partition), ends.get(partition)));
        }
        return lags;
    }

    private static Map<Integer, Long> endOffsets(KafkaSpec spec, Project project, PluginRegistry plugins) {
        Optional<ConnectorBinding> binding = ConnectorBinding.find(project.connections().get(spec.connectionName()),
                plugins);
        if (binding.isEmpty()) {
            return Map.of();
        }
        try {
            return binding.get().endOffsets(spec.topic());
        } catch (StreamException e) {
            LOG.warn("The lag of topic {} is unknown: {}", spec.topic(), e.getMessage());
            return Map.of();
        }
    }
}

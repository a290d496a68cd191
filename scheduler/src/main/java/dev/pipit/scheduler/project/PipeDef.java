package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sink or copy pipe: nodes of SQL whose last one's result is exported or copied, on a cron schedule or on demand.
 *
 * @param name the file's name without {@code .pipe}
 * @param file the file relative to the project
 * @param nodes in file order; the last one is the result
 * @param cron the Quartz cron expression of {@code EXPORT_SCHEDULE} / {@code COPY_SCHEDULE}, or empty for
 *     {@code @on-demand}
 * @param sink set for {@code TYPE SINK} to a bucket
 * @param topicSink set for {@code TYPE SINK} to a Kafka topic
 * @param copy set for {@code TYPE COPY}
 */
public record PipeDef(String name, String file, List<PipeNode> nodes, Optional<String> cron, Optional<SinkSpec> sink,
        Optional<TopicSinkSpec> topicSink, Optional<CopySpec> copy) {
    public PipeDef {
        requireNonNull(name, "name is null");
        requireNonNull(file, "file is null");
        nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
        requireNonNull(cron, "cron is null");
        requireNonNull(sink, "sink is null");
        requireNonNull(topicSink, "topicSink is null");
        requireNonNull(copy, "copy is null");
        int kinds = (sink.isPresent() ? 1 : 0) + (topicSink.isPresent() ? 1 : 0) + (copy.isPresent() ? 1 : 0);
        if (nodes.isEmpty() || kinds != 1) {
            throw new IllegalArgumentException("a pipe has nodes and is either a sink (to a bucket or a topic) or a "
                    + "copy");
        }
    }

    /** {@code sink} (to a bucket or a topic) or {@code copy}. */
    public String kind() {
        return copy.isPresent() ? "copy" : "sink";
    }


    /**
     * The parameters the pipe takes, once each, in order of first use; a parameter's default is the first one
     * written for it.
     */
    public List<TemplateParameter> parameters() {
        Map<String, TemplateParameter> byName = new LinkedHashMap<>();
        for (PipeNode node : nodes) {
            for (TemplateParameter parameter : node.template().parameters()) {
                byName.merge(parameter.name(), parameter,
                        (first, later) -> first.defaultValue().isPresent() ? first : later);
            }
        }
        return new ArrayList<>(byName.values());
    }
}

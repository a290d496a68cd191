package dev.pipit.scheduler.pipe;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.history.RunHistory;
import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.history.RunTrigger;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.PipeDef;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.TopicSinkSpec;
import dev.pipit.spi.stream.TopicWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Kafka sink pipe: the query's rows stream from a cursor, each sent as one JSON message without a key to
 * the topic, and the run succeeds only once the brokers acknowledged every message. The producer is idempotent, so
 * its own retries never duplicate a message; a run that fails part-way may have delivered some rows, which Kafka
 * cannot take back, and the next run sends all of its rows again.
 */
final class TopicExport {
    private static final Logger LOG = LoggerFactory.getLogger(TopicExport.class);
    private static final JsonFactory JSON = new JsonFactory();
    /** Rows fetched per round trip; PostgreSQL streams through a cursor only with a fetch size and no autocommit. */

    private final Database database;
    private final PluginRegistry plugins;
    private final RunHistory history;
    private final PipeHistory pipeHistory;
    private final String node;
    private final PipeStop stop;

    TopicExport(Database database, PluginRegistry plugins, String node, PipeStop stop) {
        this.database = requireNonNull(database, "database is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.history = new RunHistory(database.jdbi());
        this.pipeHistory = new PipeHistory(database.jdbi());
        this.node = requireNonNull(node, "node is null");
        this.stop = requireNonNull(stop, "stop is null");
    }

    PipeRun run(Project project, PipeDef pipe, Map<String, String> parameters, String request) {
        TopicSinkSpec sink = pipe.topicSink().orElseThrow(() -> new IllegalArgumentException(pipe.name()
                + " is no Kafka sink pipe"));
        PipeQuery query = PipeQuery.of(pipe);
        List<Object> values = query.values(parameters);
        long runId = history.start(pipe.name(), RunTrigger.SINK, node, request);
        try (TopicWriter writer = ConnectorBinding.of(project.connections().get(sink.connection()), plugins)
                .openTopicWriter(sink.topic())) {
            Sent sent = produce(query.sqlForRun(runId), values, writer);
            writer.flush();
            pipeHistory.recordOutputs(runId, sent.rows(), sent.bytes(), List.of());
            history.finish(runId, RunStatus.SUCCEEDED, null);
            LOG.info("Sink {}: run {} sent {} rows to topic {}", pipe.name(), runId, sent.rows(), sink.topic());
            return new PipeRun(runId, pipe.name(), RunStatus.SUCCEEDED, sent.rows(), sent.bytes(), List.of(), null);
        } catch (Exception e) {
            String cause = stop.describe(e);
            LOG.warn("Sink {}: run {} failed: {}", pipe.name(), runId, cause);
            history.finish(runId, RunStatus.FAILED, cause);
            return new PipeRun(runId, pipe.name(), RunStatus.FAILED, 0, 0, List.of(), cause);
        }
    }

    private Sent produce(String sql, List<Object> values, TopicWriter writer) throws SQLException, IOException {
        return PipeRows.read(database, sql, values, stop, (rs, columns) -> {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            long rows = 0;
            long bytes = 0;
            while (rs.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                message.reset();
                try (JsonGenerator generator = JSON.createGenerator(message)) {
                    JsonRows.write(generator, columns, row);
                }
                writer.send(null, message.toByteArray());
                rows++;
                bytes += message.size();
            }
            return new Sent(rows, bytes);
        });
    }

    private record Sent(long rows, long bytes) {}
}

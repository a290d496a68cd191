package dev.pipit.scheduler.console;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.ConnectorBinding;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.scheduler.project.Project;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectStore;
import java.util.Map;
import java.util.Optional;

/**
 * The Test action of a connection: it authenticates and asks for as little as answers the question, one listed key
 * of the first bucket a data source reads through it, or the partitions of its first topic. Messages come from
 * the plugins, whose contract is to name the connection and the object, never a credential.
 */
final class ConnectionTester {
    private ConnectionTester() {}

    /** @param ok whether the connection answered; {@code message} says what it answered, or why not */
    record Result(boolean ok, String message) {}

    static Result test(Project project, PluginRegistry plugins, ConnectionDef connection) {
        Optional<ConnectorBinding> binding = ConnectorBinding.find(connection, plugins);
        if (binding.isEmpty()) {
            return new Result(false, "connection type " + connection.type() + " has no plugin installed");
        }
        Optional<DataSourceDef> user = project.dataSources().values().stream()
                .filter(DataSourceDef::isFed)
                .filter(dataSource -> ConsoleContext.connectionName(dataSource).equals(connection.name()))
                .findFirst();
        if (user.isEmpty()) {
            return new Result(false, "no data source reads through " + connection.name() + ": nothing to test it on");
        }
        try {
            if (user.get().kafkaSpec().isPresent()) {
                String topic = user.get().kafkaSpec().get().topic();
                Map<Integer, Long> ends = binding.get().endOffsets(topic);
                return new Result(true, "topic " + topic + ": " + ends.size()
                        + (ends.size() == 1 ? " partition" : " partitions"));
            }
            ImportSpec spec = user.get().importSpec().orElseThrow();
            try (ObjectStore store = binding.get().openObjectStore()) {
                Listing listing = store.list(
                        ListRequest.firstPage(spec.address().bucket(), spec.address().literalPrefix(), 1));
                return new Result(true, "listed " + spec.bucketUri() + ": " + (listing.objects().isEmpty()
                        ? "no object under the prefix yet" : "found " + listing.objects().get(0).key()));
            }
        } catch (Exception e) {
            return new Result(false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}

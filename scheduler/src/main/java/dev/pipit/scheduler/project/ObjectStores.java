package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.connector.ObjectUpload;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object store per connection, kept from its first run until the connection changes or Pipit stops: building
 * a store client (an S3 client with its HTTP pool) for every run was a fifth of an idle tick's CPU. A store is
 * known by the connection's name, type and effective settings, so a redeployed connection with new credentials
 * gets a new store. A store is closed once it is no longer deployed and its last run has ended. Stores are shared
 * between runs, which the connectors' stores allow: they hold only their SDK's thread-safe client.
 */
public final class ObjectStores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStores.class);

    private final PluginRegistry plugins;
    private final Map<Key, Shared> stores = new HashMap<>();
    private boolean closed;

    public ObjectStores(PluginRegistry plugins) {
        this.plugins = requireNonNull(plugins, "plugins is null");
    }

    private record Key(String connection, String type, Map<String, String> settings) {
        @Override
        public String toString() {
            // The settings hold secrets.
            return connection;
        }
    }

    /** The connection's store for one run; closing it ends the run's use, not the store. */
    public synchronized ObjectStore lease(ConnectionDef connection) {
        if (closed) {
            throw new IllegalStateException("the object stores are closed");
        }
        ConnectorBinding binding = ConnectorBinding.of(connection, plugins);
        Key key = keyOf(connection, binding);
        Shared shared = stores.get(key);
        if (shared == null) {
            shared = new Shared(key, binding.openObjectStore());
            stores.put(key, shared);
        }
        shared.leases++;
        return new Lease(shared);
    }

    /** Lets go of the stores of connections that are gone or changed; each closes when its last run ends. */
    public synchronized void keepOnly(Collection<ConnectionDef> deployed) {
        Set<Key> current = deployed.stream()
                .flatMap(connection -> ConnectorBinding.find(connection, plugins).stream()
                        .map(binding -> keyOf(connection, binding)))
                .collect(Collectors.toSet());
        for (Iterator<Shared> it = stores.values().iterator(); it.hasNext();) {
            Shared shared = it.next();
            if (!current.contains(shared.key)) {
                it.remove();
                retire(shared);
            }
        }
    }

    /** Closes every store no run is using, and each other one when its run ends. */
    @Override
    public synchronized void close() {
        closed = true;
        stores.values().forEach(this::retire);
        stores.clear();
    }

    private static Key keyOf(ConnectionDef connection, ConnectorBinding binding) {
        return new Key(connection.name(), connection.type(), Map.copyOf(binding.context().settings()));
    }

    private void retire(Shared shared) {
        shared.retired = true;
        if (shared.leases == 0) {
            closeQuietly(shared);
        }
    }

    private synchronized void release(Shared shared) {
        shared.leases--;
        if (shared.retired && shared.leases == 0) {
            closeQuietly(shared);
        }
    }

    private static void closeQuietly(Shared shared) {
        try {
            shared.store.close();
        } catch (Exception e) {
            LOG.warn("Closing the object store of connection {} failed: {}", shared.key, e.toString());
        }
    }

    private static final class Shared {
        private final Key key;
        private final ObjectStore store;
        private int leases;
        private boolean retired;

        Shared(Key key, ObjectStore store) {
            this.key = key;
            this.store = store;
        }
    }

    /** A run's use of a shared store; every operation goes through, or a store's capability would be lost. */
    private final class Lease implements ObjectStore {
        private final Shared shared;
        private boolean released;

        Lease(Shared shared) {
            this.shared = shared;
        }

        @Override
        public Listing list(ListRequest request) throws IOException {
            return shared.store.list(request);
        }

        @Override
        public InputStream open(ObjectRef object) throws IOException {
            return shared.store.open(object);
        }

        @Override
        public InputStream openRange(ObjectRef object, long offset, long length) throws IOException {
            return shared.store.openRange(object, offset, length);
        }

        @Override
        public ObjectUpload create(String bucket, String key) throws IOException {
            return shared.store.create(bucket, key);
        }

        @Override
        public void delete(ObjectRef object) throws IOException {
            shared.store.delete(object);
        }

        @Override
        public void copy(ObjectRef source, String targetKey) throws IOException {
            shared.store.copy(source, targetKey);
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(shared);
            }
        }
    }
}

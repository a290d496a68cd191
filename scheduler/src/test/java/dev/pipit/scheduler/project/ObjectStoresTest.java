package dev.pipit.scheduler.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.testutil.FakePlugin;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectStoresTest {
    private static final Location HERE = Location.ofFile("connections/bucket.connection");

    private final CountingConnector connector = new CountingConnector();
    private final ObjectStores stores = new ObjectStores(PluginRegistry.of(FakePlugin.ofConnectors(connector)));

    @Test
    void runsOfAConnectionShareOneStore() throws Exception {
        ConnectionDef bucket = connection("bucket", "key-1");
        try (ObjectStore first = stores.lease(bucket)) {
            first.list(null);
        }
        try (ObjectStore second = stores.lease(bucket); ObjectStore third = stores.lease(bucket)) {
            second.list(null);
            third.list(null);
        }

        assertThat(connector.opened).hasSize(1);
        assertThat(connector.opened.get(0).closed).isFalse();
    }

    @Test
    void aChangedConnectionGetsANewStoreAndTheOldOneClosesAfterItsRun() throws Exception {
        ObjectStore running = stores.lease(connection("bucket", "key-1"));
        ConnectionDef rotated = connection("bucket", "key-2");

        stores.keepOnly(List.of(rotated));
        assertThat(connector.opened.get(0).closed).as("still in use by its run").isFalse();
        running.close();
        assertThat(connector.opened.get(0).closed).isTrue();

        try (ObjectStore next = stores.lease(rotated)) {
            next.list(null);
        }
        assertThat(connector.opened).hasSize(2);
    }

    @Test
    void closingClosesEveryStore() throws Exception {
        stores.lease(connection("a", "key-1")).close();
        stores.lease(connection("b", "key-1")).close();

        stores.close();

        assertThat(connector.opened).extracting(store -> store.closed).containsExactly(true, true);
    }

    private static ConnectionDef connection(String name, String key) {
        return new ConnectionDef(name, "counting", HERE,
                Map.of("COUNTING_KEY", new Setting("COUNTING_KEY", key, HERE, true)));
    }

    private static final class CountingConnector implements ConnectorFactory {
        final List<CountedStore> opened = new ArrayList<>();

        @Override
        public String type() {
            return "counting";
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public ConnectorKind kind() {
            return ConnectorKind.OBJECT_STORE;
        }

        @Override
        public SettingsSpec settings() {
            return SettingsSpec.of(SettingSpec.string("COUNTING_KEY").secret().doc("Key.").build());
        }

        @Override
        public ObjectStore openObjectStore(ConnectorContext context) {
            CountedStore store = new CountedStore();
            opened.add(store);
            return store;
        }
    }

    private static final class CountedStore implements ObjectStore {
        boolean closed;

        @Override
        public Listing list(ListRequest request) {
            assertThat(closed).as("listed after close").isFalse();
            return new Listing(List.of(), null);
        }

        @Override
        public InputStream open(ObjectRef object) {
            return InputStream.nullInputStream();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

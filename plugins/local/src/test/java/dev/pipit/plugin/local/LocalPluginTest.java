package dev.pipit.plugin.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ObjectStore;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LocalPluginTest {
    @Test
    void serviceLoaderFindsThePlugin() {
        List<Plugin> plugins = ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get).toList();

        assertThat(plugins).hasOnlyElementsOfType(LocalPlugin.class).hasSize(1);
    }

    @Test
    void offersOneObjectStoreTypeWithoutSettings() throws Exception {
        ConnectorFactory factory = new LocalPlugin().connectors().get(0);

        assertThat(factory.type()).isEqualTo("local");
        assertThat(factory.kind()).isEqualTo(ConnectorKind.OBJECT_STORE);
        assertThat(factory.settings().settings()).isEmpty();
        assertThat(factory.importServices()).containsExactly("local");
        assertThat(factory.version()).isNotBlank();
        try (ObjectStore store = factory.openObjectStore(new ConnectorContext("inbox", Map.of()))) {
            assertThat(store).isInstanceOf(LocalObjectStore.class);
        }
    }
}

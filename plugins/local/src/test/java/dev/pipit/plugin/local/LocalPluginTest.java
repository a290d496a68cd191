package dev.pipit.plugin.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ObjectStore;
import java.nio.file.Path;
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
    void readsFileUrisAsKeysFromTheFileSystemRoot() {
        ConnectorFactory factory = new LocalPlugin().connectors().get(0);
        Path project = Path.of("/srv/project");

        assertThat(factory.uriSchemes()).containsExactly("file");
        assertThat(factory.bucketAddress("file:///srv/inbox/2024-*.csv", project))
                .isEqualTo(new BucketAddress("file", "/", "srv/inbox/2024-*.csv"));
        assertThat(factory.bucketAddress("file://./inbox/../in/**/*.csv", project))
                .isEqualTo(new BucketAddress("file", "/", "srv/project/in/**/*.csv"));
        assertThat(factory.bucketAddress("file://inbox/a.csv", project).objectUri("srv/project/inbox/a.csv"))
                .isEqualTo("file:///srv/project/inbox/a.csv");
        assertThat(factory.bucketAddress("file:///x.csv", project)).isEqualTo(new BucketAddress("file", "/", "x.csv"));
        assertThat(factory.bucketAddress("file://./in/*.csv", Path.of("/srv/p[1]")).keyPattern())
                .isEqualTo("srv/p\\[1]/in/*.csv");
        assertThatIllegalArgumentException().isThrownBy(() -> factory.bucketAddress("file:///srv/inbox/", project))
                .withMessageContaining("names no files");
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

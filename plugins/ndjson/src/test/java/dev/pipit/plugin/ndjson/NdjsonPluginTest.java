package dev.pipit.plugin.ndjson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.format.FormatFactory;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class NdjsonPluginTest {
    @Test
    void serviceLoaderFindsThePlugin() {
        List<Plugin> plugins = ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get).toList();

        assertThat(plugins).hasOnlyElementsOfType(NdjsonPlugin.class).hasSize(1);
    }

    @Test
    void offersTheNdjsonFormatForNdjsonAndJsonlKeys() {
        FormatFactory format = new NdjsonPlugin().formats().get(0);

        assertThat(format.name()).isEqualTo("ndjson");
        assertThat(format.extensions()).containsExactly("ndjson", "jsonl");
        assertThat(format.version()).isNotBlank();
        assertThat(format.needsRandomAccess()).isFalse();
        assertThat(new NdjsonPlugin().connectors()).isEmpty();
    }
}

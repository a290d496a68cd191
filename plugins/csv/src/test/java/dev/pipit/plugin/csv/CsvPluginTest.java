package dev.pipit.plugin.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.format.FormatFactory;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CsvPluginTest {
    @Test
    void serviceLoaderFindsThePlugin() {
        List<Plugin> plugins = ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get).toList();

        assertThat(plugins).hasOnlyElementsOfType(CsvPlugin.class).hasSize(1);
    }

    @Test
    void offersTheCsvFormatForCsvAndTsvKeys() {
        FormatFactory format = new CsvPlugin().formats().get(0);

        assertThat(format.name()).isEqualTo("csv");
        assertThat(format.extensions()).containsExactly("csv", "tsv");
        assertThat(format.version()).isNotBlank();
        assertThat(new CsvPlugin().connectors()).isEmpty();
    }
}

package dev.pipit.scheduler.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.pipit.scheduler.testutil.FakeConnectorFactory;
import dev.pipit.scheduler.testutil.FakeFormatFactory;
import dev.pipit.scheduler.testutil.FakePlugin;
import dev.pipit.spi.connector.ConnectorFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {
    private final FakeConnectorFactory s3 = FakeConnectorFactory.s3();
    private final FakeConnectorFactory kafka = FakeConnectorFactory.kafka();
    private final FakeFormatFactory csv = new FakeFormatFactory("csv", List.of("csv", "tsv"));

    @Test
    void findsFactoriesByTypeNameAndExtensionInAnyCase() {
        PluginRegistry registry = PluginRegistry.of(FakePlugin.ofConnectors(s3, kafka), FakePlugin.ofFormats(csv));

        assertThat(registry.connector("S3")).containsSame(s3);
        assertThat(registry.connector("kafka")).containsSame(kafka);
        assertThat(registry.connector("bigquery")).isEmpty();
        assertThat(registry.format("CSV")).containsSame(csv);
        assertThat(registry.formatForExtension("TSV")).containsSame(csv);
        assertThat(registry.formatForExtension("parquet")).isEmpty();
    }

    @Test
    void listsFactoriesSorted() {
        PluginRegistry registry = PluginRegistry.of(FakePlugin.ofConnectors(s3, kafka), FakePlugin.ofFormats(csv));

        assertThat(registry.connectors()).extracting(ConnectorFactory::type).containsExactly("kafka", "s3");
        assertThat(registry.formats()).containsExactly(csv);
    }

    @Test
    void emptyRegistryOffersNothing() {
        PluginRegistry registry = PluginRegistry.of();

        assertThat(registry.connectors()).isEmpty();
        assertThat(registry.formats()).isEmpty();
    }

    @Test
    void refusesTwoConnectorsOfOneTypeNamingBothPlugins() {
        FakePlugin first = FakePlugin.ofConnectors(s3);
        FakePlugin second = FakePlugin.ofConnectors(FakeConnectorFactory.s3());

        assertThatIllegalStateException()
                .isThrownBy(() -> PluginRegistry.of(first, second))
                .withMessageContaining("connection type 's3' is offered twice")
                .withMessageContaining(FakePlugin.class.getName());
    }

    @Test
    void refusesTwoFormatsOfOneNameOrExtension() {
        assertThatIllegalStateException()
                .isThrownBy(() -> PluginRegistry.of(FakePlugin.ofFormats(csv, new FakeFormatFactory("CSV", List.of()))))
                .withMessageContaining("format 'csv'");
        assertThatIllegalStateException()
                .isThrownBy(() -> PluginRegistry.of(FakePlugin.ofFormats(csv, new FakeFormatFactory("text", List.of("tsv")))))
                .withMessageContaining("file extension 'tsv'");
    }

    @Test
    void withoutAnInstallationUsesTheClassPath() {
        // The scheduler module's test class path holds no plugin, so the fallback finds none, and fails on none.
        String home = System.clearProperty("pipit.home");
        try {
            assertThat(PluginRegistry.forInstallation().connectors()).isEmpty();
        } finally {
            if (home != null) {
                System.setProperty("pipit.home", home);
            }
        }
    }
}

package dev.pipit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.format.FormatFactory;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the core needs every installed connector to declare, since it names none of them: the schemes an object
 * store reads (and that it reads a plain URI of each), and the format a stream's messages are decoded with, which
 * an installed plugin must read. A new connector module is checked here without a line of its own.
 */
class ConnectorDeclarationsTest {
    private static final PluginRegistry PLUGINS = PluginRegistry.forInstallation();

    static Stream<ConnectorFactory> connectors() {
        return PLUGINS.connectors().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void declaresWhatTheCoreLooksItUpBy(ConnectorFactory connector) {
        if (connector.kind() == ConnectorKind.OBJECT_STORE) {
            assertThat(connector.uriSchemes()).as("schemes of %s", connector.type()).isNotEmpty();
            for (String scheme : connector.uriSchemes()) {
                // A path from the root for file systems, a bucket named srv for every other store.
                String uri = scheme + (scheme.equals("file") ? ":///" : "://") + "srv/in/*.csv";
                BucketAddress address = connector.bucketAddress(uri, Path.of("/project"));
                assertThat(address.scheme()).isEqualTo(scheme);
                assertThat(address.keyPattern()).endsWith("in/*.csv");
                assertThat(address.objectUri(address.literalPrefix() + "a.csv")).startsWith(scheme + "://")
                        .endsWith("/srv/in/a.csv");
            }
        } else {
            assertThat(connector.uriSchemes()).isEmpty();
            assertThat(connector.messageFormat()).as("message format of %s", connector.type())
                    .hasValueSatisfying(format -> assertThat(PLUGINS.format(format).flatMap(FormatFactory::recordDecoder))
                            .as("a decoder of single messages in format %s", format).isPresent());
        }
    }
}

package dev.pipit.spi.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketAddressTest {
    @Test
    void splitsCloudUrisIntoBucketAndKeyPattern() {
        BucketAddress address = BucketAddress.split("S3://bkt/orders/2024-*.csv");

        assertThat(address).isEqualTo(new BucketAddress("s3", "bkt", "orders/2024-*.csv"));
        assertThat(address.literalPrefix()).isEqualTo("orders/2024-");
        assertThat(address.objectUri("orders/2024-01.csv")).isEqualTo("s3://bkt/orders/2024-01.csv");
        assertThat(new BucketAddress("file", "/", "srv/a.csv").objectUri("srv/a.csv")).isEqualTo("file:///srv/a.csv");
    }

    @Test
    void saysWhatToWriteInstead() {
        assertThatIllegalArgumentException().isThrownBy(() -> BucketAddress.split("bkt/a.csv"))
                .withMessageContaining("has no scheme");
        assertThatIllegalArgumentException().isThrownBy(() -> BucketAddress.split("s3:///a.csv"))
                .withMessageContaining("names no bucket");
        assertThatIllegalArgumentException().isThrownBy(() -> BucketAddress.split("s3://b*/a.csv"))
                .withMessageContaining("holds a wildcard");
        assertThatIllegalArgumentException().isThrownBy(() -> BucketAddress.split("s3://bkt"))
                .withMessageContaining("write s3://bkt/*.csv");
    }

    @Test
    void connectorsSplitTheirUrisByDefault() {
        ConnectorFactory factory = new ConnectorFactory() {
            @Override
            public String type() {
                return "x";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public ConnectorKind kind() {
                return ConnectorKind.OBJECT_STORE;
            }

            @Override
            public dev.pipit.spi.config.SettingsSpec settings() {
                return dev.pipit.spi.config.SettingsSpec.of();
            }

            @Override
            public List<String> uriSchemes() {
                return List.of("x");
            }
        };

        assertThat(factory.bucketAddress("x://b/k/*.csv", Path.of("/p"))).isEqualTo(new BucketAddress("x", "b", "k/*.csv"));
    }
}

package dev.pipit.plugin.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.pipit.spi.connector.BucketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AzureAddressesTest {
    private final AzureConnectorFactory factory = new AzureConnectorFactory();

    @Test
    void theShortFormNamesTheContainer() {
        BucketAddress address = factory.bucketAddress("az://landing/page_views/*.csv", Path.of("/"));

        assertThat(address).isEqualTo(new BucketAddress("az", "landing", "page_views/*.csv"));
        assertThat(AzureAddresses.blob(address.bucket(), "page_views/a.csv"))
                .isEqualTo(new AzureAddresses.Blob(null, "landing", "page_views/a.csv"));
        assertThat(AzureAddresses.location(address.bucket(), "page_views/a.csv"))
                .isEqualTo("az://landing/page_views/a.csv");
    }

    @Test
    void theAbfssFormNamesContainerAndAccountAndShowsFilesAsWritten() {
        BucketAddress address = factory.bucketAddress(
                "abfss://landing@acmelake.dfs.core.windows.net/events/**.parquet", Path.of("/"));

        assertThat(address.literalPrefix()).isEqualTo("events/");
        assertThat(AzureAddresses.blob(address.bucket(), "events/a.parquet"))
                .isEqualTo(new AzureAddresses.Blob("acmelake", "landing", "events/a.parquet"));
        assertThat(address.objectUri("events/a.parquet"))
                .isEqualTo("abfss://landing@acmelake.dfs.core.windows.net/events/a.parquet")
                .isEqualTo(AzureAddresses.location(address.bucket(), "events/a.parquet"));
    }

    @Test
    void theHttpsFormNamesAccountThenContainerAndShowsFilesAsThePortalDoes() {
        BucketAddress address = factory.bucketAddress(
                "https://AcmeLake.blob.core.windows.net/landing/logs/2026-*.csv", Path.of("/"));

        assertThat(address.bucket()).isEqualTo("acmelake.blob.core.windows.net");
        assertThat(address.keyPattern()).isEqualTo("landing/logs/2026-*.csv");
        assertThat(address.literalPrefix()).isEqualTo("landing/logs/2026-");
        assertThat(AzureAddresses.blob(address.bucket(), "landing/logs/2026-01.csv"))
                .isEqualTo(new AzureAddresses.Blob("acmelake", "landing", "logs/2026-01.csv"));
        assertThat(AzureAddresses.key(address.bucket(), "landing", "logs/2026-01.csv"))
                .isEqualTo("landing/logs/2026-01.csv");
        assertThat(address.objectUri("landing/logs/2026-01.csv"))
                .isEqualTo("https://acmelake.blob.core.windows.net/landing/logs/2026-01.csv")
                .isEqualTo(AzureAddresses.location(address.bucket(), "landing/logs/2026-01.csv"));
    }

    @Test
    void anAbfssUriWithoutAccountReadsTheConnectionsAccount() {
        BucketAddress address = factory.bucketAddress("abfss://landing/events/*.csv", Path.of("/"));

        assertThat(AzureAddresses.blob(address.bucket(), "events/a.csv"))
                .isEqualTo(new AzureAddresses.Blob(null, "landing", "events/a.csv"));
    }

    @Test
    void aUriWithoutContainerOrBlobsSaysWhatToWrite() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> factory.bucketAddress("abfss://@acmelake.dfs.core.windows.net/a/*.csv", Path.of("/")))
                .withMessageContaining("names no container@account: write az://container/prefix/*.csv, abfss://");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> factory.bucketAddress("abfss://acmelake.dfs.core.windows.net/a/*.csv", Path.of("/")))
                .withMessageContaining("names no container@account");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> factory.bucketAddress("https://acmelake.blob.core.windows.net/landing", Path.of("/")))
                .withMessageContaining("names no container and blobs after the account's host");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> factory.bucketAddress("https://acmelake.blob.core.windows.net/land*/a.csv",
                        Path.of("/")))
                .withMessageStartingWith("container land* holds a wildcard");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> factory.bucketAddress("az://landing", Path.of("/")))
                .withMessageContaining("write az://container/prefix/*.csv");
    }
}

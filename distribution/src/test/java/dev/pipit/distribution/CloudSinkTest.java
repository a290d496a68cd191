package dev.pipit.distribution;

import static dev.pipit.distribution.testutil.TestProjects.csv;
import static dev.pipit.distribution.testutil.TestProjects.project;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.distribution.testutil.Cli;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.testkit.azure.Azurite;
import dev.pipit.testkit.gcs.GcsEmulator;
import dev.pipit.testkit.store.Connectors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sink pipes exported to GCS (the Firebase Storage emulator) and Azure Blob Storage (Azurite) from the command
 * line, with the real plugins: partitioned files, one per value, whose content reads back equal to the query.
 */
class CloudSinkTest {
    private static final String PIPE = """
            NODE by_parity
            SQL >
                SELECT CASE WHEN MOD(id, 2) = 0 THEN 'even' ELSE 'odd' END AS parity, id, name
                FROM events ORDER BY id

            TYPE SINK
            EXPORT_CONNECTION_NAME %s
            EXPORT_BUCKET_URI %s
            EXPORT_FILE_TEMPLATE '{parity}/part'
            EXPORT_FORMAT csv
            EXPORT_COMPRESSION gzip
            """;

    @RegisterExtension
    static final GcsEmulator GCS = new GcsEmulator();

    @RegisterExtension
    static final Azurite AZURITE = new Azurite();

    @TempDir
    Path dir;

    @BeforeEach
    void importEvents() throws IOException {
        project(dir, "events", "@on-demand");
        csv(dir, "events", "a.csv", 1, 6, Instant.parse("2026-11-01T00:00:00Z"));
        Files.writeString(dir.resolve("pipit.properties"), "db.url=jdbc:h2:file:" + dir.resolve("data/pipit") + "\n");
        Files.writeString(dir.resolve("secrets.properties"), "LANDING_KEY=" + Azurite.ACCOUNT_KEY + "\n");
        assertThat(Cli.execute(dir, "run", "events").exit()).isZero();
        Files.createDirectories(dir.resolve("pipes"));
    }

    @Test
    void aSinkWritesOneGzippedCsvPerPartitionToGcs() throws IOException {
        Files.writeString(dir.resolve("connections/exports_gcs.connection"),
                "TYPE gcs\nGCS_ENDPOINT " + GCS.endpoint() + "\n");
        Files.writeString(dir.resolve("pipes/by_parity.pipe"), PIPE.formatted("exports_gcs", "gs://exports/daily/"));

        Cli.Result run = Cli.execute(dir, "sink", "run", "by_parity");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("succeeded, 6 rows, 2 files");
        try (ObjectStore store = Connectors.open("gcs", "check", Map.of("GCS_ENDPOINT", GCS.endpoint().toString()))) {
            assertThat(gunzipped(store, "exports", "daily/")).containsExactly(
                    Map.entry("daily/even/part.csv.gz", "parity,id,name\neven,2,name 2\neven,4,name 4\neven,6,name 6\n"),
                    Map.entry("daily/odd/part.csv.gz", "parity,id,name\nodd,1,name 1\nodd,3,name 3\nodd,5,name 5\n"));
        }
    }

    @Test
    void aSinkWritesOneGzippedCsvPerPartitionToAzure() throws IOException {
        AZURITE.createContainer("exports");
        Files.writeString(dir.resolve("connections/exports_azure.connection"), """
                TYPE azure
                AZURE_STORAGE_ACCOUNT %s
                AZURE_ACCOUNT_KEY {{ tb_secret("LANDING_KEY") }}
                AZURE_ENDPOINT %s
                """.formatted(Azurite.ACCOUNT, AZURITE.endpoint()));
        Files.writeString(dir.resolve("pipes/by_parity.pipe"), PIPE.formatted("exports_azure", "az://exports/daily/"));

        Cli.Result run = Cli.execute(dir, "sink", "run", "by_parity");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("succeeded, 6 rows, 2 files").doesNotContain(Azurite.ACCOUNT_KEY);
        try (ObjectStore store = Connectors.open("azure", "check", Map.of("AZURE_STORAGE_ACCOUNT", Azurite.ACCOUNT,
                "AZURE_ACCOUNT_KEY", Azurite.ACCOUNT_KEY, "AZURE_ENDPOINT", AZURITE.endpoint().toString()))) {
            assertThat(gunzipped(store, "exports", "daily/")).containsExactly(
                    Map.entry("daily/even/part.csv.gz", "parity,id,name\neven,2,name 2\neven,4,name 4\neven,6,name 6\n"),
                    Map.entry("daily/odd/part.csv.gz", "parity,id,name\nodd,1,name 1\nodd,3,name 3\nodd,5,name 5\n"));
        }
    }

    /** Every object under the prefix, in key order, gunzipped; read with the plugin's store, as the contract checks it. */
    private static Map<String, String> gunzipped(ObjectStore store, String bucket, String prefix) throws IOException {
        List<ObjectRef> objects = new ArrayList<>(store.list(ListRequest.firstPage(bucket, prefix, 100)).objects());
        Map<String, String> contents = new LinkedHashMap<>();
        for (ObjectRef object : objects) {
            try (InputStream in = new GZIPInputStream(store.open(object))) {
                contents.put(object.key(), new String(in.readAllBytes(), UTF_8));
            }
        }
        return contents;
    }
}

package dev.pipit.distribution;

import dev.pipit.distribution.testutil.FaultProxy;
import dev.pipit.distribution.testutil.WideParquetImport;
import dev.pipit.testkit.s3.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scheduler run} of a Parquet file in S3Proxy, with the Parquet plugin in its own class loader: the file
 * is read through ranged GETs, and a data source of two of its twelve columns fetches a fraction of its bytes.
 */
class ParquetS3RunIT {
    @TempDir
    Path dir;

    @Test
    void importsTwoColumnsOfAWideFileFetchingOnlyTheirBytes() throws Exception {
        byte[] file = WideParquetImport.write(dir.resolve("wide.parquet"));
        try (S3Server server = S3Server.withKeys(); FaultProxy proxy = FaultProxy.start(server.endpoint())) {
            server.createBucket("lake");
            server.put("lake", "events/2026-11-01.parquet", file);
            Files.createDirectories(dir.resolve("connections"));
            Files.writeString(dir.resolve("connections/lake.connection"), """
                    TYPE s3
                    S3_REGION %s
                    S3_ACCESS_KEY {{ tb_secret("LAKE_KEY") }}
                    S3_SECRET {{ tb_secret("LAKE_SECRET") }}
                    S3_ENDPOINT %s
                    S3_PATH_STYLE true
                    """.formatted(S3Server.REGION, proxy.endpoint()));
            WideParquetImport.writeDataSource(dir, "lake", "s3://lake/events/*.parquet");

            WideParquetImport.runFetchingAFraction(dir,
                    Map.of("LAKE_KEY", S3Server.ACCESS_KEY, "LAKE_SECRET", S3Server.SECRET), file.length, proxy);
        }
    }
}

package dev.pipit.distribution.testutil;

import dev.pipit.testkit.s3.S3Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

/** Writes small projects with a {@code local} or S3 bucket, and the CSV files to land in them. */
public final class TestProjects {
    /** The schema every generated file has: {@code id,name,amount}. */
    public static final String SCHEMA = """
            SCHEMA >
                `id` Int64,
                `name` String,
                `amount` Float64
            """;

    private TestProjects() {}

    /** A project with one connection {@code inbox} and one data source reading {@code inbox/<name>/*.csv}. */
    public static Path project(Path root, String dataSource, String schedule) {
        try {
            Files.createDirectories(root.resolve("connections"));
            Files.createDirectories(root.resolve("datasources"));
            Files.createDirectories(bucket(root, dataSource));
            Files.writeString(root.resolve("connections/inbox.connection"), "TYPE local\n");
            addDataSource(root, dataSource, schedule);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void addDataSource(Path root, String dataSource, String schedule) throws IOException {
        Files.createDirectories(bucket(root, dataSource));
        Files.writeString(root.resolve("datasources/" + dataSource + ".datasource"), SCHEMA + """

                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/%s/*.csv
                IMPORT_SCHEDULE %s
                IMPORT_STRATEGY APPEND
                """.formatted(dataSource, schedule));
    }

    /**
     * A project with an S3 connection {@code landing_s3}, its keys from the secrets {@code LANDING_KEY} and
     * {@code LANDING_SECRET}, and one {@code @on-demand} data source {@code page_views} reading {@code bucketUri}.
     *
     * @param connectionExtras further connection lines, each ending in a newline, or ""
     * @param dataSourceExtras further data source lines, each ending in a newline, or ""
     */
    public static void s3Project(Path root, URI endpoint, String bucketUri, String connectionExtras,
            String dataSourceExtras) throws IOException {
        Files.createDirectories(root.resolve("connections"));
        Files.createDirectories(root.resolve("datasources"));
        Files.writeString(root.resolve("connections/landing_s3.connection"), """
                TYPE s3
                S3_REGION %s
                S3_ACCESS_KEY {{ tb_secret("LANDING_KEY") }}
                S3_SECRET {{ tb_secret("LANDING_SECRET") }}
                S3_ENDPOINT %s
                S3_PATH_STYLE true
                """.formatted(S3Server.REGION, endpoint) + connectionExtras);
        Files.writeString(root.resolve("datasources/page_views.datasource"), SCHEMA + """

                IMPORT_CONNECTION_NAME landing_s3
                IMPORT_BUCKET_URI %s
                IMPORT_SCHEDULE @on-demand
                IMPORT_STRATEGY APPEND
                """.formatted(bucketUri) + dataSourceExtras);
    }

    /**
     * A project whose data source {@code events} imports {@code s3://<bucket>/in/*.csv} as the queue's S3 event
     * notifications announce the files, through an S3 connection {@code landing_s3} with S3Server's keys.
     *
     * @param connectionExtras further connection lines, each ending in a newline, or ""
     */
    public static void s3EventsProject(Path root, URI endpoint, String bucket, String queue, String schedule,
            String backfillInterval, String connectionExtras) throws IOException {
        Files.createDirectories(root.resolve("connections"));
        Files.createDirectories(root.resolve("datasources"));
        Files.writeString(root.resolve("connections/landing_s3.connection"), """
                TYPE s3
                S3_REGION %s
                S3_ACCESS_KEY %s
                S3_SECRET %s
                S3_ENDPOINT %s
                S3_PATH_STYLE true
                """.formatted(S3Server.REGION, S3Server.ACCESS_KEY, S3Server.SECRET, endpoint) + connectionExtras);
        Files.writeString(root.resolve("datasources/events.datasource"), SCHEMA + """

                IMPORT_CONNECTION_NAME landing_s3
                IMPORT_BUCKET_URI s3://%s/in/*.csv
                IMPORT_SCHEDULE %s
                IMPORT_NOTIFICATIONS %s
                IMPORT_BACKFILL_INTERVAL %s
                """.formatted(bucket, schedule, queue, backfillInterval));
    }

    public static Path bucket(Path root, String dataSource) {
        return root.resolve("inbox").resolve(dataSource);
    }

    /**
     * Writes {@code rows} rows with ids {@code firstId..firstId+rows-1} and sets the file's modification time, which
     * decides import order.
     */
    public static Path csv(Path root, String dataSource, String fileName, long firstId, long rows, Instant modified) {
        Path file = bucket(root, dataSource).resolve(fileName);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write("id,name,amount\n");
            for (long id = firstId; id < firstId + rows; id++) {
                writer.write(id + ",name " + id + "," + (id % 1000) / 10.0 + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.setLastModifiedTime(file, FileTime.from(modified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The CSV text of rows with ids {@code firstId..lastId}, as a bucket object holds it. */
    /**
     * An {@code @on-demand} data source {@code big} whose bucket holds a small file, then a large one in key order:
     * the shape the crash and stop tests strike in, between a committed file and one in progress.
     */
    public static void smallThenLargeFile(Path root, long smallRows, long largeRows) {
        project(root, "big", "@on-demand");
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        csv(root, "big", "a-small.csv", 0, smallRows, t0);
        csv(root, "big", "b-large.csv", smallRows, largeRows, t0.plusSeconds(1));
    }

    public static byte[] csvBytes(long firstId, long lastId) {
        StringBuilder csv = new StringBuilder("id,name,amount\n");
        for (long id = firstId; id <= lastId; id++) {
            csv.append(id).append(",name ").append(id).append(',').append(id / 10.0).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gzipped.toByteArray();
    }
}

package dev.pipit.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated analytics events, about 100 bytes a row: the shape most files Pipit imports have (a time, ids, a few
 * low-cardinality strings, a URL, a sometimes empty referrer and revenue). The same seed gives the same file.
 */
final class EventsCsv {
    /** The data source's SCHEMA; the baselines insert into the table Pipit creates from it. */
    static final String SCHEMA = """
            SCHEMA >
                `ts` DateTime64(3),
                `event_id` String,
                `user_id` Int64,
                `event_type` String,
                `path` String,
                `referrer` Nullable(String),
                `country` String,
                `device` String,
                `duration_ms` Int32,
                `revenue` Nullable(Float64)
            """;
    static final List<String> COLUMNS = List.of("ts", "event_id", "user_id", "event_type", "path", "referrer",
            "country", "device", "duration_ms", "revenue");

    private static final String[] EVENT_TYPES = {"page_view", "page_view", "page_view", "click", "add_to_cart",
        "purchase", "signup"};
    private static final String[] PATHS = {"/", "/products/", "/cart", "/search?q=", "/blog/", "/account"};
    private static final String[] REFERRERS = {"", "", "", "google.com", "t.co", "news.example.org"};
    private static final String[] COUNTRIES = {"US", "DE", "FR", "ES", "GB", "BR", "IN", "JP"};
    private static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    private static final long T0_SECONDS = 1_793_491_200L; // 2026-11-01T00:00:00Z

    private EventsCsv() {}

    /** Writes {@code rows} rows and a header line to {@code file}, replacing it. */
    static Path write(Path file, long rows, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder line = new StringBuilder(160);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", COLUMNS));
            out.write('\n');
            for (long row = 0; row < rows; row++) {
                line.setLength(0);
                appendRow(line, row, random);
                out.append(line);
            }
        }
        return file;
    }

    /**
     * The same events as JSON objects, one per call of {@code sink}, with the columns as members: what a Kafka
     * topic of these events carries. Empty fields are left out, as producers leave out absent values.
     */
    static void forEachJson(long rows, long seed, java.util.function.Consumer<String> sink) {
        StringBuilder json = new StringBuilder(320);
        forEachRow(rows, seed, fields -> {
            json.setLength(0);
            json.append('{');
            for (int i = 0; i < fields.length; i++) {
                if (fields[i].isEmpty()) {
                    continue;
                }
                boolean number = i == 2 || i == 8 || i == 9;
                json.append(json.length() > 1 ? "," : "").append('"').append(COLUMNS.get(i)).append("\":")
                        .append(number ? "" : "\"").append(fields[i]).append(number ? "" : "\"");
            }
            sink.accept(json.append('}').toString());
        });
    }

    /** The same events as their CSV fields, empty where the CSV has an empty field. */
    static void forEachRow(long rows, long seed, java.util.function.Consumer<String[]> sink) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder line = new StringBuilder(160);
        for (long row = 0; row < rows; row++) {
            line.setLength(0);
            appendRow(line, row, random);
            sink.accept(line.substring(0, line.length() - 1).split(",", -1));
        }
    }

    private static void appendRow(StringBuilder line, long row, SplittableRandom random) {
        long millis = (T0_SECONDS + row / 10) * 1000 + random.nextInt(1000);
        appendTimestamp(line, millis);
        line.append(',');
        line.append(Long.toHexString(random.nextLong() | Long.MIN_VALUE)).append(',');
        line.append(random.nextInt(5_000_000)).append(',');
        String type = EVENT_TYPES[random.nextInt(EVENT_TYPES.length)];
        line.append(type).append(',');
        String path = PATHS[random.nextInt(PATHS.length)];
        line.append(path);
        if (path.endsWith("/") && path.length() > 1 || path.endsWith("=")) {
            line.append(random.nextInt(100_000));
        }
        line.append(',');
        line.append(REFERRERS[random.nextInt(REFERRERS.length)]).append(',');
        line.append(COUNTRIES[random.nextInt(COUNTRIES.length)]).append(',');
        line.append(DEVICES[random.nextInt(DEVICES.length)]).append(',');
        line.append(random.nextInt(60_000)).append(',');
        if (type.equals("purchase")) {
            line.append(random.nextInt(100_000) / 100.0);
        }
        line.append('\n');
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS} in UTC, by hand: a formatter would make generating the slowest part. */
    private static void appendTimestamp(StringBuilder line, long millis) {
        java.time.LocalDateTime time = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000),
                (int) Math.floorMod(millis, 1000) * 1_000_000, java.time.ZoneOffset.UTC);
        line.append(time.getYear()).append('-');
        twoDigits(line, time.getMonthValue()).append('-');
        twoDigits(line, time.getDayOfMonth()).append(' ');
        twoDigits(line, time.getHour()).append(':');
        twoDigits(line, time.getMinute()).append(':');
        twoDigits(line, time.getSecond()).append('.');
        int ms = (int) Math.floorMod(millis, 1000);
        line.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
    }

    private static StringBuilder twoDigits(StringBuilder line, int value) {
        return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}

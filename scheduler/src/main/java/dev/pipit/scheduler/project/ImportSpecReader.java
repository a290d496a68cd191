package dev.pipit.scheduler.project;

import static dev.pipit.scheduler.project.DataSourceKeys.IMPORT_BUCKET_URI;
import static dev.pipit.scheduler.project.DataSourceKeys.IMPORT_FORMAT;
import static dev.pipit.scheduler.project.DataSourceKeys.IMPORT_FROM_TIMESTAMP;
import static dev.pipit.scheduler.project.DataSourceKeys.IMPORT_LIST_AFTER_LAST_KEY;
import static dev.pipit.scheduler.project.DataSourceKeys.IMPORT_SCHEDULE;
import static dev.pipit.scheduler.project.DataSourceKeys.IMPORT_STRATEGY;

import dev.pipit.scheduler.discovery.KeyGlob;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.format.FormatFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** Reads and checks the {@code IMPORT_*} settings of a data source fed from a bucket. */
final class ImportSpecReader {
    private final PluginRegistry registry;

    ImportSpecReader(PluginRegistry registry) {
        this.registry = registry;
    }

    /**
     * The import settings, or empty after reporting why they are wrong.
     *
     * @param connectionName the already checked {@code IMPORT_CONNECTION_NAME}, or {@code null} when it is missing
     *     (already reported): the other settings are still checked, so that one run of check reports them all
     * @param connector the connector of that connection, or {@code null} when the connection cannot be used (already
     *     reported): {@code IMPORT_BUCKET_URI} is then read no further than being present
     * @param root the project folder, for bucket URIs relative to it
     * @param fileLocation where to report a missing setting
     */
    Optional<ImportSpec> read(SettingValues values, String connectionName, ConnectorFactory connector, Path root,
            Location fileLocation, List<Diagnostic> problems) {
        int before = problems.size();
        values.get(IMPORT_STRATEGY).ifPresent(strategy -> {
            if (!strategy.value().strip().equalsIgnoreCase("APPEND")) {
                problems.add(Diagnostic.error(strategy.location(), "IMPORT_STRATEGY " + shown(strategy)
                        + " is not supported: Pipit only appends new files (IMPORT_STRATEGY APPEND); it never deletes "
                        + "rows, so write APPEND or leave IMPORT_STRATEGY out"));
            }
        });
        String bucketUri = values.required(IMPORT_BUCKET_URI, fileLocation, "s3://bucket/prefix/*.csv");
        BucketAddress address = bucketUri == null || connector == null ? null
                : address(values.get(IMPORT_BUCKET_URI).orElseThrow(), connectionName, connector, root, problems);
        Schedule schedule = schedule(values, fileLocation, problems);
        String format = format(values, problems);
        Instant fromTimestamp = fromTimestamp(values, problems);
        boolean listAfterLastKey = listAfterLastKey(values, problems);
        if (problems.size() > before || connectionName == null || address == null) {
            return Optional.empty();
        }
        Location location = values.get(IMPORT_BUCKET_URI).orElseThrow().location();
        return Optional.of(new ImportSpec(
                connectionName, bucketUri.strip(), address, schedule, format, fromTimestamp, listAfterLastKey, location));
    }

    /**
     * The bucket and key pattern of {@code IMPORT_BUCKET_URI}, read by the connector of the data source's connection
     * once its scheme is one the connector declares; {@code null} after reporting why it cannot be read.
     */
    private static BucketAddress address(Setting uri, String connectionName, ConnectorFactory connector, Path root,
            List<Diagnostic> problems) {
        String text = uri.value().strip();
        int separator = text.indexOf("://");
        String scheme = separator <= 0 ? "" : text.substring(0, separator).toLowerCase(Locale.ROOT);
        List<String> schemes = connector.uriSchemes();
        if (!schemes.contains(scheme)) {
            String expected = schemes.isEmpty()
                    ? "nothing: connection type " + connector.type() + " declares no URI scheme"
                    : schemes.stream().map(known -> known + "://bucket/prefix/*.csv").collect(Collectors.joining(" or "))
                            + " for connection " + connectionName + " of type " + connector.type();
            problems.add(Diagnostic.error(uri.location(), "IMPORT_BUCKET_URI must be " + expected + found(uri)));
            return null;
        }
        try {
            BucketAddress address = connector.bucketAddress(text, root);
            KeyGlob.compile(address.keyPattern());
            return address;
        } catch (PatternSyntaxException e) {
            problems.add(Diagnostic.error(uri.location(), "IMPORT_BUCKET_URI has an invalid key pattern: "
                    + e.getDescription() + " at character " + e.getIndex() + found(uri)));
        } catch (IllegalArgumentException e) {
            problems.add(Diagnostic.error(uri.location(), "IMPORT_BUCKET_URI " + shown(uri) + " cannot be read: "
                    + e.getMessage()));
        }
        return null;
    }

    private static Schedule schedule(SettingValues values, Location fileLocation, List<Diagnostic> problems) {
        Optional<Setting> setting = values.get(IMPORT_SCHEDULE);
        if (setting.isEmpty()) {
            problems.add(Diagnostic.error(fileLocation, "IMPORT_SCHEDULE is required: add 'IMPORT_SCHEDULE @auto' "
                    + "(new files every minute) or 'IMPORT_SCHEDULE @on-demand' (when triggered)"));
            return null;
        }
        Optional<Schedule> schedule = Schedule.parse(setting.get().value());
        if (schedule.isEmpty()) {
            problems.add(Diagnostic.error(setting.get().location(), "IMPORT_SCHEDULE " + shown(setting.get())
                    + " is not supported: write @auto (new files every minute) or @on-demand (when triggered)"));
            return null;
        }
        return schedule.get();
    }

    private String format(SettingValues values, List<Diagnostic> problems) {
        Optional<Setting> setting = values.get(IMPORT_FORMAT);
        if (setting.isEmpty()) {
            return null;
        }
        String name = setting.get().value().strip().toLowerCase(Locale.ROOT);
        if (registry.format(name).isEmpty()) {
            String known = registry.formats().stream().map(FormatFactory::name).collect(Collectors.joining(", "));
            problems.add(Diagnostic.error(setting.get().location(), "IMPORT_FORMAT " + shown(setting.get())
                    + " has no plugin in this installation; write one of: " + (known.isEmpty() ? "(none installed)" : known)
                    + ", or leave IMPORT_FORMAT out to choose by each file's extension"));
        }
        return name;
    }

    private static Instant fromTimestamp(SettingValues values, List<Diagnostic> problems) {
        Optional<Setting> setting = values.get(IMPORT_FROM_TIMESTAMP);
        if (setting.isEmpty()) {
            return null;
        }
        Optional<Instant> parsed = parseTimestamp(setting.get().value().strip());
        if (parsed.isEmpty()) {
            problems.add(Diagnostic.error(setting.get().location(), "IMPORT_FROM_TIMESTAMP " + shown(setting.get())
                    + " is no ISO-8601 time: write 2024-01-01T00:00:00Z, 2024-01-01 00:00:00 or 2024-01-01 (UTC)"));
        }
        return parsed.orElse(null);
    }

    private static boolean listAfterLastKey(SettingValues values, List<Diagnostic> problems) {
        Optional<Setting> setting = values.get(IMPORT_LIST_AFTER_LAST_KEY);
        if (setting.isEmpty()) {
            return false;
        }
        String value = setting.get().value().strip();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            problems.add(Diagnostic.error(setting.get().location(), "IMPORT_LIST_AFTER_LAST_KEY " + shown(setting.get())
                    + " is neither true nor false: write true to list only keys after the last one imported, or "
                    + "false (the default) to list every key under the prefix"));
        }
        return value.equalsIgnoreCase("true");
    }

    /** ISO-8601 with or without an offset, a space instead of the T, or a date; times without an offset are UTC. */
    static Optional<Instant> parseTimestamp(String text) {
        String iso = text.replace(' ', 'T');
        try {
            return Optional.of(OffsetDateTime.parse(iso).toInstant());
        } catch (DateTimeParseException noOffset) {
            // Tinybird projects also write local times and plain dates; try those next.
        }
        try {
            return Optional.of(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException noTime) {
            // Last form left: a plain date.
        }
        try {
            return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notDate) {
            return Optional.empty();
        }
    }

    private static String found(Setting setting) {
        return setting.sensitive() ? "" : " (found '" + setting.value().strip() + "')";
    }

    private static String shown(Setting setting) {
        return setting.sensitive() ? Setting.MASK : "'" + setting.value().strip() + "'";
    }
}

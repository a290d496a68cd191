package dev.pipit.scheduler.project;

import static dev.pipit.scheduler.project.DataSourceSettings.IMPORT_BACKFILL_INTERVAL;
import static dev.pipit.scheduler.project.DataSourceSettings.IMPORT_BUCKET_URI;
import static dev.pipit.scheduler.project.DataSourceSettings.IMPORT_FORMAT;
import static dev.pipit.scheduler.project.DataSourceSettings.IMPORT_FROM_TIMESTAMP;
import static dev.pipit.scheduler.project.DataSourceSettings.IMPORT_LIST_AFTER_LAST_KEY;
import static dev.pipit.scheduler.project.DataSourceSettings.IMPORT_NOTIFICATIONS;
import static dev.pipit.scheduler.project.DataSourceSettings.IMPORT_SCHEDULE;
import static dev.pipit.scheduler.project.DataSourceSettings.IMPORT_STRATEGY;

import dev.pipit.scheduler.discovery.KeyGlob;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.format.FormatFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    Optional<ImportSpec> read(SettingReader values, String connectionName, ConnectorFactory connector, Path root,
            Location fileLocation, List<Diagnostic> problems) {
        int before = problems.size();
        values.value(IMPORT_STRATEGY);
        String scheme = connector == null || connector.uriSchemes().isEmpty() ? "scheme" : connector.uriSchemes().get(0);
        String bucketUri = values.required(IMPORT_BUCKET_URI, fileLocation, scheme + "://bucket/prefix/*.csv");
        BucketAddress address = bucketUri == null || connector == null ? null
                : address(values.get(IMPORT_BUCKET_URI).orElseThrow(), connectionName, connector, root, problems);
        Schedule schedule = values.required(IMPORT_SCHEDULE, fileLocation, "@auto");
        String format = format(values, problems);
        Instant fromTimestamp = values.value(IMPORT_FROM_TIMESTAMP);
        boolean listAfterLastKey = Boolean.TRUE.equals(values.value(IMPORT_LIST_AFTER_LAST_KEY));
        boolean importOverwrites = "import".equals(values.value(DataSourceSettings.IMPORT_ON_OVERWRITE));
        String notifications = notifications(values, connectionName, connector, problems);
        Duration backfillInterval = values.value(IMPORT_BACKFILL_INTERVAL);
        checkEventSchedule(values, schedule, notifications, problems);
        if (values.get(IMPORT_NOTIFICATIONS).isEmpty()) {
            values.get(IMPORT_BACKFILL_INTERVAL).ifPresent(setting -> problems.add(Diagnostic.warning(
                    setting.location(), "IMPORT_BACKFILL_INTERVAL only matters with IMPORT_NOTIFICATIONS: without "
                            + "them every run lists the bucket")));
        }
        if (problems.size() > before || connectionName == null || address == null) {
            return Optional.empty();
        }
        Location location = values.get(IMPORT_BUCKET_URI).orElseThrow().location();
        return Optional.of(new ImportSpec(
                connectionName, bucketUri.strip(), address, schedule, format, fromTimestamp, listAfterLastKey, importOverwrites,
                location, notifications, backfillInterval));
    }

    /**
     * The queue {@code IMPORT_NOTIFICATIONS} names, as the connection's connector reads it; {@code null} when unset
     * or after reporting why it cannot be used.
     */
    private static String notifications(SettingReader values, String connectionName, ConnectorFactory connector,
            List<Diagnostic> problems) {
        Optional<Setting> setting = values.get(IMPORT_NOTIFICATIONS).filter(value -> !value.value().isBlank());
        if (setting.isEmpty() || connector == null) {
            return null;
        }
        try {
            return connector.notificationQueue(setting.get().value().strip());
        } catch (UnsupportedOperationException e) {
            problems.add(Diagnostic.error(setting.get().location(), "IMPORT_NOTIFICATIONS cannot be used with "
                    + "connection " + connectionName + ": connection type " + connector.type() + " has no bucket "
                    + "notifications here; remove the setting, and discovery lists the bucket on every run"));
        } catch (IllegalArgumentException e) {
            String reason = setting.get().sensitive() ? "the " + connector.type() + " connector refuses it (the value "
                    + "is masked)" : e.getMessage();
            problems.add(Diagnostic.error(setting.get().location(), reason + SettingReader.found(setting.get())));
        }
        return null;
    }

    /** {@code @event} is told of new files by the bucket's events, so it needs a queue to hear them on. */
    private static void checkEventSchedule(SettingReader values, Schedule schedule, String notifications,
            List<Diagnostic> problems) {
        if (schedule == Schedule.EVENT && notifications == null && values.get(IMPORT_NOTIFICATIONS).isEmpty()) {
            problems.add(Diagnostic.error(values.get(IMPORT_SCHEDULE).orElseThrow().location(), "IMPORT_SCHEDULE "
                    + "@event imports files as the bucket's events arrive, so it needs IMPORT_NOTIFICATIONS (the "
                    + "queue they go to); add 'IMPORT_NOTIFICATIONS https://sqs.REGION.amazonaws.com/ACCOUNT_ID/QUEUE' "
                    + "or write IMPORT_SCHEDULE @auto"));
        }
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
            problems.add(Diagnostic.error(uri.location(), "IMPORT_BUCKET_URI must be " + expected
                    + SettingReader.found(uri)));
            return null;
        }
        try {
            BucketAddress address = connector.bucketAddress(text, root);
            KeyGlob.compile(address.keyPattern());
            return address;
        } catch (PatternSyntaxException e) {
            problems.add(Diagnostic.error(uri.location(), "IMPORT_BUCKET_URI has an invalid key pattern: "
                    + e.getDescription() + " at character " + e.getIndex() + SettingReader.found(uri)));
        } catch (IllegalArgumentException e) {
            // The connector's reason quotes parts of the URI, which a template may have made a secret.
            String reason = uri.sensitive() ? "the " + connector.type() + " connector refuses it (the value is masked)"
                    : e.getMessage();
            problems.add(Diagnostic.error(uri.location(), "IMPORT_BUCKET_URI cannot be read: " + reason
                    + SettingReader.found(uri)));
        }
        return null;
    }

    /** The {@code IMPORT_FORMAT} lower case, which an installed plugin must read, or {@code null} when unset. */
    private String format(SettingReader values, List<Diagnostic> problems) {
        String value = values.value(IMPORT_FORMAT);
        if (value == null) {
            return null;
        }
        String name = value.strip().toLowerCase(Locale.ROOT);
        if (registry.format(name).isEmpty()) {
            String known = registry.formats().stream().map(FormatFactory::name).collect(Collectors.joining(", "));
            problems.add(Diagnostic.error(values.get(IMPORT_FORMAT).orElseThrow().location(), "IMPORT_FORMAT must be "
                    + "a format installed here (" + (known.isEmpty() ? "none are" : known) + "), or left out to "
                    + "choose by each file's extension" + SettingReader.found(values.get(IMPORT_FORMAT).orElseThrow())));
        }
        return name;
    }
}

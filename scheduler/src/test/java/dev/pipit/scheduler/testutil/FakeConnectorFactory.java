package dev.pipit.scheduler.testutil;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A connector that declares settings and rules but connects to nothing. */
public final class FakeConnectorFactory implements ConnectorFactory {
    private final String type;
    private final ConnectorKind kind;
    private final SettingsSpec settings;
    private final List<String> importServices;
    private final Function<Map<String, String>, List<SettingProblem>> rules;

    public FakeConnectorFactory(String type, ConnectorKind kind, SettingsSpec settings, List<String> importServices,
            Function<Map<String, String>, List<SettingProblem>> rules) {
        this.type = requireNonNull(type, "type is null");
        this.kind = requireNonNull(kind, "kind is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.importServices = List.copyOf(importServices);
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** Like the S3 plugin: a required region, a key pair that goes together, a boolean choice. */
    public static FakeConnectorFactory s3() {
        return new FakeConnectorFactory("s3", ConnectorKind.OBJECT_STORE, SettingsSpec.of(
                SettingSpec.string("S3_REGION").required().flag("region").doc("Region.").build(),
                SettingSpec.string("S3_ACCESS_KEY").secret().suggested().doc("Key id.").build(),
                SettingSpec.string("S3_SECRET").secret().suggested().doc("Secret key.").build(),
                SettingSpec.bool("S3_PATH_STYLE").defaultValue("false").doc("Path-style addressing.").build()), List.of("s3", "s3_iamrole"), values -> {
                    boolean key = !values.getOrDefault("S3_ACCESS_KEY", "").isEmpty();
                    boolean secret = !values.getOrDefault("S3_SECRET", "").isEmpty();
                    return key == secret ? List.of()
                            : List.of(new SettingProblem(key ? "S3_ACCESS_KEY" : "S3_SECRET", "set both or neither"));
                });
    }

    public static FakeConnectorFactory local() {
        return new FakeConnectorFactory("local", ConnectorKind.OBJECT_STORE, SettingsSpec.of(),
                List.of("local"), values -> List.of());
    }

    public static FakeConnectorFactory kafka() {
        return new FakeConnectorFactory("kafka", ConnectorKind.STREAM, SettingsSpec.of(
                SettingSpec.string("KAFKA_BOOTSTRAP_SERVERS").required().doc("Brokers.").build(),
                SettingSpec.string("KAFKA_KEY").secret().suggested().doc("User.").build(),
                SettingSpec.string("KAFKA_SECRET").secret().suggested().doc("Password.").build()), List.of("kafka"), values -> List.of());
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public ConnectorKind kind() {
        return kind;
    }

    @Override
    public SettingsSpec settings() {
        return settings;
    }

    @Override
    public List<String> importServices() {
        return importServices;
    }

    /** Like the real plugins: {@code s3://} for s3, {@code file://} for local, none for a stream. */
    @Override
    public List<String> uriSchemes() {
        return switch (type) {
            case "s3" -> List.of("s3");
            case "local" -> List.of("file");
            default -> List.of();
        };
    }

    /** Like the Kafka plugin: messages are NDJSON lines. */
    @Override
    public Optional<String> messageFormat() {
        return type.equals("kafka") ? Optional.of("ndjson") : Optional.empty();
    }

    /** Like the local plugin, for {@code file:} URIs: keys are absolute paths under the root bucket {@code /}. */
    @Override
    public BucketAddress bucketAddress(String uri, Path projectFolder) {
        if (!type.equals("local")) {
            return ConnectorFactory.super.bucketAddress(uri, projectFolder);
        }
        String path = uri.substring(uri.indexOf("://") + "://".length());
        String absolute = path.startsWith("/") ? path : projectFolder.resolve(path).normalize().toString();
        return new BucketAddress("file", "/", absolute.substring(1));
    }

    /** Like the S3 plugin, for s3 only: a queue is an https:// URL. */
    @Override
    public String notificationQueue(String value) {
        if (!type.equals("s3")) {
            return ConnectorFactory.super.notificationQueue(value);
        }
        if (!value.startsWith("https://")) {
            throw new IllegalArgumentException("IMPORT_NOTIFICATIONS must be an SQS queue URL");
        }
        return value;
    }

    @Override
    public List<SettingProblem> validate(Map<String, String> values) {
        return rules.apply(values);
    }
}

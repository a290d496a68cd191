package dev.pipit.scheduler.cli.connection;

import java.util.List;
import java.util.Map;

/**
 * The credentials a new connection of each type usually needs, written as {@code tb_secret()} placeholders. Kept
 * as data beside the command because the plugins' settings say what is secret, not which secrets go together as
 * the common way in: an {@code s3} connection with keys needs both, an {@code s3_iamrole} one needs none.
 */
final class CredentialSecrets {
    private static final Map<String, List<String>> BY_TYPE = Map.of(
            "s3", List.of("S3_ACCESS_KEY", "S3_SECRET"),
            "gcs", List.of("GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON"),
            "kafka", List.of("KAFKA_KEY", "KAFKA_SECRET"));

    private CredentialSecrets() {}

    static List<String> of(String type) {
        return BY_TYPE.getOrDefault(type, List.of());
    }
}

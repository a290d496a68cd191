package dev.pipit.plugin.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcsSettingsTest {
    private final GcsConnectorFactory factory = new GcsConnectorFactory();

    @Test
    void declaresEverySettingWithItsDefault() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (SettingSpec<?> setting : factory.settings().settings()) {
            defaults.put(setting.name(), setting.secret() ? "(secret)"
                    : setting.defaultValue() == null ? "(none)" : setting.defaultValue());
        }

        assertThat(defaults).containsExactly(
                Map.entry("GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON", "(secret)"),
                Map.entry("GCS_HMAC_ACCESS_ID", "(secret)"), Map.entry("GCS_HMAC_SECRET", "(secret)"),
                Map.entry("GCS_ENDPOINT", "(none)"), Map.entry("GCS_PROJECT_ID", "(none)"),
                Map.entry("GCS_CONNECT_TIMEOUT", "10s"), Map.entry("GCS_READ_TIMEOUT", "60s"),
                Map.entry("GCS_MAX_ATTEMPTS", "3"));
    }

    @Test
    void parsesEverySettingAndMasksTheKey() {
        Map<String, String> values = withDefaults();
        values.putAll(Map.of("GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON", "{\"private_key\": \"pk\"}",
                "GCS_ENDPOINT", "http://127.0.0.1:9199", "GCS_PROJECT_ID", "acme", "GCS_CONNECT_TIMEOUT", "500ms",
                "GCS_READ_TIMEOUT", "2m", "GCS_MAX_ATTEMPTS", "5"));

        GcsSettings settings = GcsSettings.parse(values);

        assertThat(settings.hasServiceAccountKey()).isTrue();
        assertThat(settings.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9199"));
        assertThat(settings.projectId()).isEqualTo("acme");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.maxAttempts()).isEqualTo(5);
        assertThat(settings.toString()).doesNotContain("pk").contains("<masked>");
    }

    @Test
    void anEmptyObjectIsNoKey() {
        Map<String, String> values = withDefaults();
        values.put("GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON", " { } ");

        assertThat(factory.validate(values)).isEmpty();
        assertThat(GcsSettings.parse(values).hasServiceAccountKey()).isFalse();
        assertThat(GcsSettings.parse(values).toString()).contains("credentials=application default");
    }

    @Test
    void hmacKeysGoTogetherAndNotWithAServiceAccountKey() {
        Map<String, String> onlyId = withDefaults();
        onlyId.put("GCS_HMAC_ACCESS_ID", "GOOG1EXAMPLE");
        Map<String, String> both = withDefaults();
        both.putAll(Map.of("GCS_HMAC_ACCESS_ID", "GOOG1EXAMPLE", "GCS_HMAC_SECRET", "hmac-secret",
                "GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON", "{\"private_key\": \"pk\"}"));

        assertThat(factory.validate(onlyId)).singleElement().satisfies(problem -> {
            assertThat(problem.setting()).isEqualTo("GCS_HMAC_ACCESS_ID");
            assertThat(problem.message()).contains("set GCS_HMAC_SECRET too").doesNotContain("GOOG1EXAMPLE");
        });
        assertThat(factory.validate(both)).extracting(SettingProblem::message)
                .containsExactly("choose one way to authenticate: GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON or the "
                        + "GCS_HMAC_* pair");
    }

    @Test
    void hmacKeysReachTheXmlApiThroughTheS3Settings() {
        Map<String, String> values = withDefaults();
        values.putAll(Map.of("GCS_HMAC_ACCESS_ID", "GOOG1EXAMPLE", "GCS_HMAC_SECRET", "hmac-secret",
                "GCS_READ_TIMEOUT", "2m"));
        GcsSettings settings = GcsSettings.parse(values);

        assertThat(factory.validate(values)).isEmpty();
        assertThat(settings.hasHmacKeys()).isTrue();
        assertThat(settings.toString()).contains("HMAC <masked>").doesNotContain("GOOG1EXAMPLE", "hmac-secret");
        assertThat(GcsXmlApi.s3Settings(settings)).containsAllEntriesOf(Map.of(
                "S3_ENDPOINT", "https://storage.googleapis.com", "S3_ACCESS_KEY", "GOOG1EXAMPLE",
                "S3_SECRET", "hmac-secret", "S3_READ_TIMEOUT", "120000ms", "S3_MAX_ATTEMPTS", "3"));
    }

    @Test
    void reportsEveryProblemByNameWithoutValues() {
        Map<String, String> values = withDefaults();
        values.putAll(Map.of("GCS_ENDPOINT", "localhost-9199", "GCS_CONNECT_TIMEOUT", "soon",
                "GCS_READ_TIMEOUT", "0s", "GCS_MAX_ATTEMPTS", "0"));

        List<String> problems = new ArrayList<>();
        for (SettingSpec<?> setting : factory.settings().settings()) {
            setting.problem(values.get(setting.name())).ifPresent(problems::add);
        }

        assertThat(problems).containsExactly("GCS_ENDPOINT must be an http:// or https:// URL",
                "GCS_CONNECT_TIMEOUT must be a positive duration such as 10s, 500ms or 2m",
                "GCS_READ_TIMEOUT must be a positive duration such as 10s, 500ms or 2m",
                "GCS_MAX_ATTEMPTS must be a whole number >= 1 (1 turns retries off)");
    }

    private Map<String, String> withDefaults() {
        Map<String, String> values = new HashMap<>();
        for (SettingSpec<?> setting : factory.settings().settings()) {
            if (setting.defaultValue() != null) {
                values.put(setting.name(), setting.defaultValue());
            }
        }
        return values;
    }
}

package dev.pipit.plugin.s3;

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

class S3SettingsTest {
    @Test
    void declaresEverySettingOfBothTypesWithItsDefault() {
        assertThat(defaults(S3ConnectorFactory.withKeys())).containsExactly(
                Map.entry("S3_REGION", "(required)"), Map.entry("S3_ACCESS_KEY", "(secret)"),
                Map.entry("S3_SECRET", "(secret)"), Map.entry("S3_SESSION_TOKEN", "(secret)"),
                Map.entry("S3_ENDPOINT", "(none)"), Map.entry("S3_PATH_STYLE", "false"),
                Map.entry("S3_CONNECT_TIMEOUT", "10s"), Map.entry("S3_READ_TIMEOUT", "60s"),
                Map.entry("S3_MAX_ATTEMPTS", "3"));
        assertThat(defaults(S3ConnectorFactory.withRole())).containsExactly(
                Map.entry("S3_REGION", "(required)"), Map.entry("S3_ARN", "(required)"),
                Map.entry("S3_EXTERNAL_ID", "(none)"), Map.entry("S3_STS_ENDPOINT", "(none)"),
                Map.entry("S3_ENDPOINT", "(none)"), Map.entry("S3_PATH_STYLE", "false"),
                Map.entry("S3_CONNECT_TIMEOUT", "10s"), Map.entry("S3_READ_TIMEOUT", "60s"),
                Map.entry("S3_MAX_ATTEMPTS", "3"));
    }

    @Test
    void parsesEverySetting() {
        Map<String, String> values = withDefaults();
        values.putAll(Map.of("S3_ACCESS_KEY", "AKIA1", "S3_SECRET", "s", "S3_ENDPOINT", "http://127.0.0.1:9000",
                "S3_PATH_STYLE", "TRUE", "S3_CONNECT_TIMEOUT", "500ms", "S3_READ_TIMEOUT", "2m", "S3_MAX_ATTEMPTS", "5"));

        S3Settings settings = S3Settings.parse(values);

        assertThat(settings.region()).isEqualTo("eu-west-1");
        assertThat(settings.hasKeys()).isTrue();
        assertThat(settings.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(settings.pathStyle()).isTrue();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.maxAttempts()).isEqualTo(5);
        assertThat(settings.toString()).doesNotContain("AKIA1").contains("<masked>");
    }

    @Test
    void emptyKeysMeanTheDefaultChain() {
        Map<String, String> values = withDefaults();
        values.putAll(Map.of("S3_ACCESS_KEY", "", "S3_SECRET", ""));

        assertThat(S3Settings.problems(values)).isEmpty();
        assertThat(S3Settings.parse(values).hasKeys()).isFalse();
    }

    @Test
    void reportsEveryProblemByNameWithoutValues() {
        Map<String, String> values = withDefaults();
        values.putAll(Map.of("S3_ACCESS_KEY", "AKIA-SECRET-VALUE", "S3_ENDPOINT", "minio:9000",
                "S3_CONNECT_TIMEOUT", "ten seconds", "S3_READ_TIMEOUT", "0s", "S3_MAX_ATTEMPTS", "0"));

        List<String> problems = new ArrayList<>();
        for (SettingSpec<?> setting : S3ConnectorFactory.withKeys().settings().settings()) {
            setting.problem(values.get(setting.name())).ifPresent(problems::add);
        }
        S3Settings.problems(values).forEach(problem -> problems.add(problem.message()));

        assertThat(problems).containsExactly(
                "S3_ENDPOINT must be an http:// or https:// URL",
                "S3_CONNECT_TIMEOUT must be a positive duration such as 10s, 500ms or 2m",
                "S3_READ_TIMEOUT must be a positive duration such as 10s, 500ms or 2m",
                "S3_MAX_ATTEMPTS must be a whole number >= 1 (1 turns retries off)",
                "S3_ACCESS_KEY and S3_SECRET go together: set S3_SECRET too, or neither to use the AWS default "
                        + "credentials chain");
        assertThat(S3Settings.problems(values)).extracting(SettingProblem::setting).containsExactly("S3_ACCESS_KEY");
    }

    @Test
    void sessionNamesFitWhatStsAccepts() {
        assertThat(S3Clients.sessionName("landing s3/é")).isEqualTo("pipit-landing-s3--");
        assertThat(S3Clients.sessionName("x".repeat(100))).hasSize(64);
    }

    private static Map<String, String> withDefaults() {
        Map<String, String> values = new HashMap<>();
        for (SettingSpec<?> setting : S3ConnectorFactory.withKeys().settings().settings()) {
            if (setting.defaultValue() != null) {
                values.put(setting.name(), setting.defaultValue());
            }
        }
        values.put("S3_REGION", "eu-west-1");
        return values;
    }

    private static Map<String, String> defaults(S3ConnectorFactory factory) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (SettingSpec<?> setting : factory.settings().settings()) {
            defaults.put(setting.name(), setting.required() ? "(required)" : setting.secret() ? "(secret)"
                    : setting.defaultValue() == null ? "(none)" : setting.defaultValue());
        }
        return defaults;
    }
}

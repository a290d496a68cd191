package dev.pipit.spi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingSpecTest {
    private static final SettingSpec<Integer> ATTEMPTS = SettingSpec.integer("X_ATTEMPTS").defaultValue("3")
            .validator(SettingValidator.atLeast(1)).doc("Attempts.").build();

    @Test
    void readsTypedValuesWithTheirDefaults() {
        assertThat(ATTEMPTS.valueIn(Map.of("X_ATTEMPTS", " 5 "))).isEqualTo(5);
        assertThat(ATTEMPTS.valueIn(Map.of())).isEqualTo(3);
        assertThat(ATTEMPTS.valueIn(Map.of("X_ATTEMPTS", ""))).as("blank is not set").isEqualTo(3);
        assertThat(SettingSpec.duration("X_WAIT").doc("Wait.").build().valueIn(Map.of("X_WAIT", "500ms")))
                .isEqualTo(Duration.ofMillis(500));
        assertThat(SettingSpec.httpUrl("X_URL").doc("Url.").build().valueIn(Map.of("X_URL", "http://h:1")))
                .isEqualTo(URI.create("http://h:1"));
        assertThat(SettingSpec.bool("X_ON").defaultValue("false").doc("On.").build().valueIn(Map.of("X_ON", "TRUE")))
                .isTrue();
        assertThat(SettingSpec.oneOf("X_MODE", "PLAIN", "SSL").doc("Mode.").build().valueIn(Map.of("X_MODE", "ssl")))
                .as("the declared spelling").isEqualTo("SSL");
        assertThat(SettingSpec.string("X_NAME").doc("Name.").build().valueIn(Map.of())).isNull();
    }

    @Test
    void describesEveryProblemInOneStyleWithoutTheValue() {
        assertThat(ATTEMPTS.problem("0")).contains("X_ATTEMPTS must be a whole number >= 1");
        assertThat(ATTEMPTS.problem("many")).contains("X_ATTEMPTS must be a whole number >= 1");
        assertThat(ATTEMPTS.problem("2")).isEmpty();
        assertThat(ATTEMPTS.problem(" ")).isEmpty();
        assertThat(SettingSpec.duration("X_WAIT").doc("Wait.").build().problem("0s"))
                .contains("X_WAIT must be a positive duration such as 10s, 500ms or 2m");
        assertThat(SettingSpec.oneOf("X_MODE", "PLAIN", "SSL").doc("Mode.").build().problem("tls"))
                .contains("X_MODE must be one of PLAIN, SSL");
        SettingType<String> schedule = SettingType.of("@auto or @on-demand",
                text -> text.startsWith("@") ? Optional.of(text) : Optional.empty());
        assertThat(SettingSpec.of("X_SCHEDULE", schedule).doc("When.").build().problem("hourly"))
                .contains("X_SCHEDULE must be @auto or @on-demand");
    }

    @Test
    void refusesDeclarationsThatContradictThemselves() {
        assertThatIllegalArgumentException().isThrownBy(() -> SettingSpec.string("lower").doc("x").build());
        assertThatIllegalArgumentException().isThrownBy(() -> SettingSpec.string("X_DOC").build());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SettingSpec.string("X_R").required().defaultValue("a").doc("x").build());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SettingSpec.integer("X_N").defaultValue("zero").doc("x").build())
                .withMessageContaining("X_N must be a whole number");
        SettingSpec<String> one = SettingSpec.string("X_A").doc("x").build();
        assertThatIllegalArgumentException().isThrownBy(() -> SettingsSpec.of(one, one));
    }

    @Test
    void findsSettingsCaseInsensitivelyInDeclarationOrder() {
        SettingsSpec spec = SettingsSpec.of(ATTEMPTS, SettingSpec.string("X_KEY").secret().suggested()
                .flag("key").doc("Key.").build());

        assertThat(spec.names()).containsExactly("X_ATTEMPTS", "X_KEY");
        assertThat(spec.find("x_key")).hasValueSatisfying(key -> {
            assertThat(key.secret()).isTrue();
            assertThat(key.suggested()).isTrue();
            assertThat(key.flag()).contains("key");
        });
    }
}

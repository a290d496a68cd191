package dev.pipit.plugin.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingSpec;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AzureSettingsTest {
    private static final String KEY = "c2VjcmV0LWtleS1vZi10aGUtYWNjb3VudA==";

    private final AzureConnectorFactory factory = new AzureConnectorFactory();

    @Test
    void declaresEverySettingWithItsDefaultAndTheCredentialsAsSecrets() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (SettingSpec<?> setting : factory.settings().settings()) {
            defaults.put(setting.name(), setting.secret() ? "(secret)"
                    : setting.defaultValue() == null ? "(none)" : setting.defaultValue());
        }

        assertThat(defaults).containsExactly(
                Map.entry("AZURE_STORAGE_ACCOUNT", "(none)"), Map.entry("AZURE_ACCOUNT_KEY", "(secret)"),
                Map.entry("AZURE_SAS_TOKEN", "(secret)"), Map.entry("AZURE_CONNECTION_STRING", "(secret)"),
                Map.entry("AZURE_ENDPOINT", "(none)"), Map.entry("AZURE_CONNECT_TIMEOUT", "10s"),
                Map.entry("AZURE_READ_TIMEOUT", "60s"), Map.entry("AZURE_MAX_ATTEMPTS", "3"));
        assertThat(factory.uriSchemes()).containsExactly("az", "abfss", "https");
        // connection create writes the key as a tb_secret() placeholder.
        assertThat(AzureConnectorFactory.ACCOUNT_KEY.suggested()).isTrue();
    }

    @Test
    void parsesEverySettingAndMasksTheCredential() {
        Map<String, String> values = withDefaults();
        values.putAll(Map.of("AZURE_STORAGE_ACCOUNT", "acmelanding", "AZURE_ACCOUNT_KEY", KEY,
                "AZURE_CONNECT_TIMEOUT", "500ms", "AZURE_READ_TIMEOUT", "2m", "AZURE_MAX_ATTEMPTS", "5"));

        AzureSettings settings = AzureSettings.parse(values);

        assertThat(factory.validate(values)).isEmpty();
        assertThat(settings.serviceEndpoint()).isEqualTo("https://acmelanding.blob.core.windows.net");
        assertThat(settings.credentialSetting()).isEqualTo("AZURE_ACCOUNT_KEY");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.maxAttempts()).isEqualTo(5);
        assertThat(settings.toString()).doesNotContain(KEY).contains("<masked>");
    }

    @Test
    void aSasTokenLosesTheQuestionMarkThePortalShowsAndAnEndpointNamesTheAccount() {
        Map<String, String> values = withDefaults();
        values.putAll(Map.of("AZURE_SAS_TOKEN", " ?sv=2024-11-04&sp=rl&sig=abc ",
                "AZURE_ENDPOINT", "https://acme.blob.core.windows.net"));

        AzureSettings settings = AzureSettings.parse(values);

        assertThat(factory.validate(values)).isEmpty();
        assertThat(settings.sasToken()).isEqualTo("sv=2024-11-04&sp=rl&sig=abc");
        assertThat(settings.serviceEndpoint()).isEqualTo("https://acme.blob.core.windows.net");
        assertThat(settings.endpoint()).isEqualTo(URI.create("https://acme.blob.core.windows.net"));
        assertThat(settings.toString()).doesNotContain("sig=abc");
    }

    @Test
    void needsExactlyOneCredentialAndTheAccountTheKeyBelongsTo() {
        Map<String, String> none = withDefaults();
        Map<String, String> keyWithoutAccount = withDefaults();
        keyWithoutAccount.put("AZURE_ACCOUNT_KEY", KEY);
        Map<String, String> two = withDefaults();
        two.putAll(Map.of("AZURE_STORAGE_ACCOUNT", "acme", "AZURE_ACCOUNT_KEY", KEY, "AZURE_SAS_TOKEN", "sv=1&sig=x"));
        Map<String, String> sasWithoutAccount = withDefaults();
        sasWithoutAccount.put("AZURE_SAS_TOKEN", "sv=1&sig=x");
        Map<String, String> stringAndAccount = withDefaults();
        stringAndAccount.putAll(Map.of("AZURE_STORAGE_ACCOUNT", "acme",
                "AZURE_CONNECTION_STRING", "AccountName=acme;AccountKey=" + KEY));

        assertThat(factory.validate(none)).extracting(SettingProblem::message).containsExactly("set one of "
                + "AZURE_ACCOUNT_KEY (with AZURE_STORAGE_ACCOUNT), AZURE_SAS_TOKEN or AZURE_CONNECTION_STRING");
        assertThat(factory.validate(keyWithoutAccount)).extracting(SettingProblem::message).containsExactly(
                "AZURE_ACCOUNT_KEY needs AZURE_STORAGE_ACCOUNT, the name of the account the key belongs to");
        assertThat(factory.validate(two)).singleElement().satisfies(problem -> {
            assertThat(problem.setting()).isEqualTo("AZURE_SAS_TOKEN");
            assertThat(problem.message()).isEqualTo("choose one way to authenticate: AZURE_ACCOUNT_KEY or "
                    + "AZURE_SAS_TOKEN");
        });
        assertThat(factory.validate(sasWithoutAccount)).extracting(SettingProblem::setting)
                .containsExactly("AZURE_SAS_TOKEN");
        assertThat(factory.validate(stringAndAccount)).extracting(SettingProblem::message).containsExactly(
                "AZURE_CONNECTION_STRING names the account already: remove AZURE_STORAGE_ACCOUNT");
        for (Map<String, String> values : List.of(none, keyWithoutAccount, two, sasWithoutAccount, stringAndAccount)) {
            assertThat(factory.validate(values)).extracting(SettingProblem::message)
                    .allSatisfy(message -> assertThat(message).doesNotContain(KEY, "sig=x"));
        }
    }

    @Test
    void eachValueIsCheckedByItsDeclarationWithoutBeingQuoted() {
        assertThat(AzureConnectorFactory.STORAGE_ACCOUNT.problem("Acme_Landing")).contains("AZURE_STORAGE_ACCOUNT "
                + "must be a storage account name: 3 to 24 lower-case letters and digits");
        assertThat(AzureConnectorFactory.ACCOUNT_KEY.problem("not base64!")).hasValueSatisfying(message ->
                assertThat(message).startsWith("AZURE_ACCOUNT_KEY must be an access key").doesNotContain("base64!"));
        assertThat(AzureConnectorFactory.CONNECTION_STRING.problem("AccountName=acme")).hasValueSatisfying(message ->
                assertThat(message).startsWith("AZURE_CONNECTION_STRING must be a storage account connection string"));
        assertThat(AzureConnectorFactory.ENDPOINT.problem("acme.blob.core.windows.net")).isPresent();
        assertThat(AzureConnectorFactory.MAX_ATTEMPTS.problem("0")).isPresent();
        assertThat(AzureConnectorFactory.READ_TIMEOUT.problem("soon")).isPresent();
    }

    @Test
    void acceptsTheConnectionStringsThePortalAndAzuriteGive() {
        for (String connectionString : List.of(
                "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + KEY + ";EndpointSuffix=core.windows.net",
                "BlobEndpoint=https://acme.blob.core.windows.net/;SharedAccessSignature=sv=2024-11-04&sp=rl&sig=x",
                "UseDevelopmentStorage=true")) {
            assertThat(AzureConnectorFactory.CONNECTION_STRING.problem(connectionString)).as(connectionString)
                    .isEqualTo(Optional.empty());
        }
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

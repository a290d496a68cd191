package dev.pipit.plugin.azure;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The settings of one Azure connection, parsed. Built only from settings that their declarations and
 * {@link #problems} found nothing wrong with, so parsing here never fails on user input.
 *
 * @param account {@code AZURE_STORAGE_ACCOUNT}, or {@code null} when a connection string or endpoint names it
 * @param accountKey {@code AZURE_ACCOUNT_KEY}, or {@code null}; exactly one of the three credentials is set
 * @param sasToken {@code AZURE_SAS_TOKEN} without its leading {@code ?}, or {@code null}
 * @param connectionString {@code AZURE_CONNECTION_STRING}, or {@code null}
 * @param endpoint {@code AZURE_ENDPOINT}, or {@code null} for the account's own or the connection string's
 */
record AzureSettings(
        String account,
        String accountKey,
        String sasToken,
        String connectionString,
        URI endpoint,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts) {

    /** What Azure accepts as a storage account name; it is also the first label of the account's host name. */
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[a-z0-9]{3,24}");
    private static final List<SettingSpec<String>> CREDENTIALS = List.of(AzureConnectorFactory.ACCOUNT_KEY,
            AzureConnectorFactory.SAS_TOKEN, AzureConnectorFactory.CONNECTION_STRING);

    AzureSettings {
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(readTimeout, "readTimeout is null");
    }

    static AzureSettings parse(Map<String, String> values) {
        return new AzureSettings(
                AzureConnectorFactory.STORAGE_ACCOUNT.valueIn(values),
                AzureConnectorFactory.ACCOUNT_KEY.valueIn(values),
                sasToken(values),
                AzureConnectorFactory.CONNECTION_STRING.valueIn(values),
                AzureConnectorFactory.ENDPOINT.valueIn(values),
                AzureConnectorFactory.CONNECT_TIMEOUT.valueIn(values),
                AzureConnectorFactory.READ_TIMEOUT.valueIn(values),
                AzureConnectorFactory.MAX_ATTEMPTS.valueIn(values));
    }

    /**
     * What is wrong with settings that each passed their declaration (which checked names, keys, URLs and
     * ranges); messages name settings, never values.
     */
    static List<SettingProblem> problems(Map<String, String> values) {
        List<SettingProblem> problems = new ArrayList<>();
        List<String> credentials = CREDENTIALS.stream()
                .filter(setting -> setting.valueIn(values) != null)
                .map(SettingSpec::name)
                .toList();
        if (credentials.isEmpty()) {
            problems.add(new SettingProblem(null, "set one of AZURE_ACCOUNT_KEY (with AZURE_STORAGE_ACCOUNT), "
                    + "AZURE_SAS_TOKEN or AZURE_CONNECTION_STRING"));
        } else if (credentials.size() > 1) {
            problems.add(new SettingProblem(credentials.get(1), "choose one way to authenticate: "
                    + String.join(" or ", credentials)));
        }
        boolean hasAccount = AzureConnectorFactory.STORAGE_ACCOUNT.valueIn(values) != null;
        if (AzureConnectorFactory.ACCOUNT_KEY.valueIn(values) != null && !hasAccount) {
            problems.add(new SettingProblem(AzureConnectorFactory.ACCOUNT_KEY.name(),
                    "AZURE_ACCOUNT_KEY needs AZURE_STORAGE_ACCOUNT, the name of the account the key belongs to"));
        }
        if (sasToken(values) != null && !hasAccount && AzureConnectorFactory.ENDPOINT.valueIn(values) == null) {
            problems.add(new SettingProblem(AzureConnectorFactory.SAS_TOKEN.name(),
                    "AZURE_SAS_TOKEN needs AZURE_STORAGE_ACCOUNT or AZURE_ENDPOINT, to know which account to read"));
        }
        if (AzureConnectorFactory.CONNECTION_STRING.valueIn(values) != null && hasAccount) {
            problems.add(new SettingProblem(AzureConnectorFactory.STORAGE_ACCOUNT.name(),
                    "AZURE_CONNECTION_STRING names the account already: remove AZURE_STORAGE_ACCOUNT"));
        }
        return problems;
    }

    /** The setting that holds the connection's credential, for messages that say what to check. */
    String credentialSetting() {
        return (accountKey != null ? AzureConnectorFactory.ACCOUNT_KEY
                : sasToken != null ? AzureConnectorFactory.SAS_TOKEN
                : AzureConnectorFactory.CONNECTION_STRING).name();
    }

    /** The Blob service of the account: the endpoint set, else Azure's public one for the account. */
    String serviceEndpoint() {
        if (endpoint != null) {
            return endpoint.toString();
        }
        return account == null ? null : "https://" + account + ".blob.core.windows.net";
    }

    @Override
    public String toString() {
        // Credentials stay out: this may end up in a log line.
        return "AzureSettings[account=" + account + ", credential=" + credentialSetting() + " <masked>, endpoint="
                + endpoint + "]";
    }

    static boolean isAccountName(String name) {
        return ACCOUNT_NAME.matcher(name).matches();
    }

    static boolean isBase64(String key) {
        try {
            return Base64.getDecoder().decode(key).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether {@code text} has the parts the SDK needs: a credential (an account key or a SAS) or the development
     * storage shortcut, and a Blob endpoint or an account name to build one from. Checked here rather than by
     * the SDK, whose parser logs its failures.
     */
    static boolean isConnectionString(String text) {
        Map<String, String> parts = new HashMap<>();
        for (String part : text.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(part.substring(0, equals).strip().toLowerCase(Locale.ROOT), part.substring(equals + 1).strip());
            } else if (!part.isBlank()) {
                return false;
            }
        }
        if ("true".equalsIgnoreCase(parts.get("usedevelopmentstorage"))) {
            return true;
        }
        boolean credential = Stream.of("accountkey", "sharedaccesssignature").anyMatch(parts::containsKey);
        boolean endpoint = Stream.of("blobendpoint", "accountname").anyMatch(parts::containsKey);
        return credential && endpoint;
    }

    /** The portal shows SAS tokens with a leading '?', the CLI without: both are one token. */
    private static String sasToken(Map<String, String> values) {
        String token = AzureConnectorFactory.SAS_TOKEN.valueIn(values);
        if (token != null && token.startsWith("?")) {
            token = token.substring(1).strip();
        }
        return token == null || token.isEmpty() ? null : token;
    }
}

package dev.pipit.plugin.azure;

import static dev.pipit.spi.config.SettingValues.duration;
import static dev.pipit.spi.config.SettingValues.httpUrl;
import static dev.pipit.spi.config.SettingValues.orNull;
import static dev.pipit.spi.config.SettingValues.positiveInt;
import static java.util.Objects.requireNonNull;

import dev.pipit.spi.config.SettingProblem;
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
 * The settings of one Azure connection, parsed. Built only from settings that {@link #problems} found nothing
 * wrong with, so parsing here never fails on user input.
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

    /** What Azure accepts as a storage account name; it is also the host name's first label. */
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[a-z0-9]{3,24}");
    private static final List<String> CREDENTIALS = List.of(AzureConnectorFactory.ACCOUNT_KEY,
            AzureConnectorFactory.SAS_TOKEN, AzureConnectorFactory.CONNECTION_STRING);

    AzureSettings {
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(readTimeout, "readTimeout is null");
    }

    static AzureSettings parse(Map<String, String> values) {
        return new AzureSettings(
                orNull(values.get(AzureConnectorFactory.STORAGE_ACCOUNT)),
                orNull(values.get(AzureConnectorFactory.ACCOUNT_KEY)),
                sasToken(values.get(AzureConnectorFactory.SAS_TOKEN)),
                orNull(values.get(AzureConnectorFactory.CONNECTION_STRING)),
                httpUrl(values.get(AzureConnectorFactory.ENDPOINT)).orElse(null),
                duration(values.get(AzureConnectorFactory.CONNECT_TIMEOUT)).orElseThrow(),
                duration(values.get(AzureConnectorFactory.READ_TIMEOUT)).orElseThrow(),
                positiveInt(values.get(AzureConnectorFactory.MAX_ATTEMPTS)).orElseThrow());
    }

    /** What is wrong with settings that each passed their declaration; messages name settings, never values. */
    static List<SettingProblem> problems(Map<String, String> values) {
        List<SettingProblem> problems = new ArrayList<>();
        List<String> credentials = CREDENTIALS.stream().filter(name -> orNull(values.get(name)) != null).toList();
        if (credentials.isEmpty()) {
            problems.add(new SettingProblem(null, "set one of AZURE_ACCOUNT_KEY (with AZURE_STORAGE_ACCOUNT), "
                    + "AZURE_SAS_TOKEN or AZURE_CONNECTION_STRING"));
        } else if (credentials.size() > 1) {
            problems.add(new SettingProblem(credentials.get(1), "choose one way to authenticate: "
                    + String.join(" or ", credentials) + ", not both"));
        }
        String account = orNull(values.get(AzureConnectorFactory.STORAGE_ACCOUNT));
        String endpoint = orNull(values.get(AzureConnectorFactory.ENDPOINT));
        if (account != null && !ACCOUNT_NAME.matcher(account).matches()) {
            problems.add(new SettingProblem(AzureConnectorFactory.STORAGE_ACCOUNT, AzureConnectorFactory.STORAGE_ACCOUNT
                    + " must be a storage account name: 3 to 24 lower-case letters and digits"));
        }
        String key = orNull(values.get(AzureConnectorFactory.ACCOUNT_KEY));
        if (key != null && account == null) {
            problems.add(new SettingProblem(AzureConnectorFactory.ACCOUNT_KEY,
                    "AZURE_ACCOUNT_KEY needs AZURE_STORAGE_ACCOUNT, the name of the account the key belongs to"));
        }
        if (key != null && !isBase64(key)) {
            problems.add(new SettingProblem(AzureConnectorFactory.ACCOUNT_KEY, AzureConnectorFactory.ACCOUNT_KEY
                    + " must be an access key as the portal shows it (base64, under Security + networking, "
                    + "Access keys)"));
        }
        if (orNull(values.get(AzureConnectorFactory.SAS_TOKEN)) != null && account == null && endpoint == null) {
            problems.add(new SettingProblem(AzureConnectorFactory.SAS_TOKEN,
                    "AZURE_SAS_TOKEN needs AZURE_STORAGE_ACCOUNT or AZURE_ENDPOINT, to know which account to read"));
        }
        String connectionString = orNull(values.get(AzureConnectorFactory.CONNECTION_STRING));
        if (connectionString != null && !isConnectionString(connectionString)) {
            problems.add(new SettingProblem(AzureConnectorFactory.CONNECTION_STRING,
                    AzureConnectorFactory.CONNECTION_STRING + " must be a storage account connection string such as "
                            + "DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=..."));
        }
        if (connectionString != null && account != null) {
            problems.add(new SettingProblem(AzureConnectorFactory.STORAGE_ACCOUNT,
                    "AZURE_CONNECTION_STRING names the account already: remove AZURE_STORAGE_ACCOUNT"));
        }
        if (endpoint != null && httpUrl(endpoint).isEmpty()) {
            problems.add(new SettingProblem(AzureConnectorFactory.ENDPOINT, AzureConnectorFactory.ENDPOINT
                    + " must be an http:// or https:// URL such as https://acmelanding.blob.core.windows.net"));
        }
        for (String name : List.of(AzureConnectorFactory.CONNECT_TIMEOUT, AzureConnectorFactory.READ_TIMEOUT)) {
            if (duration(values.get(name)).isEmpty()) {
                problems.add(new SettingProblem(name, name + " must be a positive duration such as 10s, 500ms or 2m"));
            }
        }
        if (positiveInt(values.get(AzureConnectorFactory.MAX_ATTEMPTS)).isEmpty()) {
            problems.add(new SettingProblem(AzureConnectorFactory.MAX_ATTEMPTS,
                    AzureConnectorFactory.MAX_ATTEMPTS + " must be a whole number >= 1 (1 turns retries off)"));
        }
        return problems;
    }

    /** The setting that holds the connection's credential, for messages that say what to check. */
    String credentialSetting() {
        return accountKey != null ? AzureConnectorFactory.ACCOUNT_KEY
                : sasToken != null ? AzureConnectorFactory.SAS_TOKEN
                : AzureConnectorFactory.CONNECTION_STRING;
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

    /** The portal shows SAS tokens with a leading '?', the CLI without: both are one token. */
    private static String sasToken(String value) {
        String token = orNull(value);
        return token != null && token.startsWith("?") ? orNull(token.substring(1)) : token;
    }

    private static boolean isBase64(String text) {
        try {
            return Base64.getDecoder().decode(text).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether {@code text} has the parts the SDK needs: a credential (an account key or a SAS) or the development
     * storage shortcut, and a Blob endpoint or an account name to build one from. Checked here rather than by
     * the SDK, whose parser logs its failures.
     */
    private static boolean isConnectionString(String text) {
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
}

package dev.pipit.plugin.azure;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ObjectStore;
import java.util.List;
import java.util.Map;

/**
 * The {@code azure} connection type: the containers of one Azure Storage account, read through the Blob service
 * with the account's key, a SAS token or a connection string. Tinybird has no Azure connector, so every name here
 * is Pipit's, spelled the way Tinybird spells its S3 and GCS settings.
 */
final class AzureConnectorFactory implements ConnectorFactory {
    static final String STORAGE_ACCOUNT = "AZURE_STORAGE_ACCOUNT";
    static final String ACCOUNT_KEY = "AZURE_ACCOUNT_KEY";
    static final String SAS_TOKEN = "AZURE_SAS_TOKEN";
    static final String CONNECTION_STRING = "AZURE_CONNECTION_STRING";
    static final String ENDPOINT = "AZURE_ENDPOINT";
    static final String CONNECT_TIMEOUT = "AZURE_CONNECT_TIMEOUT";
    static final String READ_TIMEOUT = "AZURE_READ_TIMEOUT";
    static final String MAX_ATTEMPTS = "AZURE_MAX_ATTEMPTS";

    private static final SettingsSpec SETTINGS = SettingsSpec.builder()
            .optional(STORAGE_ACCOUNT, null, "Name of the storage account, e.g. acmelanding; needed with "
                    + "AZURE_ACCOUNT_KEY, and with AZURE_SAS_TOKEN unless AZURE_ENDPOINT is set.")
            .secret(ACCOUNT_KEY, "One of the storage account's access keys (key1 or key2), base64 as the portal "
                    + "shows it.")
            .secret(SAS_TOKEN, "A shared access signature that allows reading and listing (sp=rl), with or "
                    + "without its leading '?'.")
            .secret(CONNECTION_STRING, "The storage account's connection string, in place of the account and its "
                    + "key or SAS token.")
            .optional(ENDPOINT, null, "URL of the Blob service, e.g. http://127.0.0.1:10000/devstoreaccount1 for "
                    + "Azurite; without it https://ACCOUNT.blob.core.windows.net.")
            .optional(CONNECT_TIMEOUT, "10s", "How long to wait for a connection to Azure, e.g. 10s.")
            .optional(READ_TIMEOUT, "60s", "How long a read may wait for the next bytes from Azure, e.g. 60s.")
            .optional(MAX_ATTEMPTS, "3", "Attempts per request, with exponential backoff, on throttling, 5xx "
                    + "answers, timeouts and broken connections; 1 turns retries off.")
            .build();

    @Override
    public String type() {
        return "azure";
    }

    @Override
    public String version() {
        return PluginVersion.of(AzureConnectorFactory.class);
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.OBJECT_STORE;
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    @Override
    public List<SettingProblem> validate(Map<String, String> values) {
        return AzureSettings.problems(values);
    }

    @Override
    public ObjectStore openObjectStore(ConnectorContext context) {
        return AzureObjectStore.open(context.connectionName(), AzureSettings.parse(context.settings()));
    }
}

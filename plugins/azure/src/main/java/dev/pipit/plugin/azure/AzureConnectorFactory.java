package dev.pipit.plugin.azure;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingProblem;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.config.SettingValidator;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.connector.StoreOperation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code azure} connection type: the containers of one Azure Storage account, read through the Blob service
 * with the account's key, a SAS token or a connection string. Tinybird has no Azure connector, so every name here
 * is Pipit's, spelled the way Tinybird spells its S3 and GCS settings.
 */
final class AzureConnectorFactory implements ConnectorFactory {
    static final SettingSpec<String> STORAGE_ACCOUNT = SettingSpec.string("AZURE_STORAGE_ACCOUNT")
            .validator(new SettingValidator<>("a storage account name: 3 to 24 lower-case letters and digits",
                    AzureSettings::isAccountName))
            .doc("Name of the storage account, e.g. acmelanding; needed with AZURE_ACCOUNT_KEY, and with "
                    + "AZURE_SAS_TOKEN unless AZURE_ENDPOINT is set.").build();
    static final SettingSpec<String> ACCOUNT_KEY = SettingSpec.string("AZURE_ACCOUNT_KEY").secret().suggested()
            .validator(new SettingValidator<>("an access key as the portal shows it (base64, under Security + "
                    + "networking, Access keys)", AzureSettings::isBase64))
            .doc("One of the storage account's access keys (key1 or key2).").build();
    static final SettingSpec<String> SAS_TOKEN = SettingSpec.string("AZURE_SAS_TOKEN").secret()
            .doc("A shared access signature that allows listing and reading (sp=rl), with or without its leading "
                    + "'?'.").build();
    static final SettingSpec<String> CONNECTION_STRING = SettingSpec.string("AZURE_CONNECTION_STRING").secret()
            .validator(new SettingValidator<>("a storage account connection string such as "
                    + "DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=...",
                    AzureSettings::isConnectionString))
            .doc("The storage account's connection string, in place of the account and its key or SAS token.")
            .build();
    static final SettingSpec<URI> ENDPOINT = SettingSpec.httpUrl("AZURE_ENDPOINT").flag("endpoint")
            .doc("URL of the Blob service, e.g. http://127.0.0.1:10000/devstoreaccount1 for Azurite; without it "
                    + "https://ACCOUNT.blob.core.windows.net.").build();
    static final SettingSpec<Duration> CONNECT_TIMEOUT = SettingSpec.duration("AZURE_CONNECT_TIMEOUT")
            .defaultValue("10s").doc("How long to wait for a connection to Azure, e.g. 10s.").build();
    static final SettingSpec<Duration> READ_TIMEOUT = SettingSpec.duration("AZURE_READ_TIMEOUT").defaultValue("60s")
            .doc("How long a read may wait for the next bytes from Azure, e.g. 60s.").build();
    static final SettingSpec<Integer> MAX_ATTEMPTS = SettingSpec.integer("AZURE_MAX_ATTEMPTS").defaultValue("3")
            .validator(new SettingValidator<>("a whole number >= 1 (1 turns retries off)", attempts -> attempts >= 1))
            .doc("Attempts per request, with exponential backoff, on throttling, 5xx answers, timeouts and broken "
                    + "connections; 1 turns retries off.").build();

    private static final SettingsSpec SETTINGS = SettingsSpec.of(STORAGE_ACCOUNT, ACCOUNT_KEY, SAS_TOKEN,
            CONNECTION_STRING, ENDPOINT, CONNECT_TIMEOUT, READ_TIMEOUT, MAX_ATTEMPTS);

    @Override
    public String type() {
        return "azure";
    }

    @Override
    public String version() {
        return PluginVersion.of(AzureConnectorFactory.class);
    }

    @Override
    public String readPermissions() {
        return "the Storage Blob Data Reader role on the container (or a SAS token with read and list)";
    }

    @Override
    public Set<StoreOperation> storeOperations() {
        return EnumSet.allOf(StoreOperation.class);
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
    public List<String> uriSchemes() {
        return AzureAddresses.SCHEMES;
    }

    @Override
    public BucketAddress bucketAddress(String uri, Path projectFolder) {
        return AzureAddresses.parse(uri);
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

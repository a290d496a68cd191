package dev.pipit.plugin.local;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.ConnectorContext;
import dev.pipit.spi.connector.ConnectorFactory;
import dev.pipit.spi.connector.ConnectorKind;
import dev.pipit.spi.connector.ObjectStore;

/**
 * {@code TYPE local}. It takes no settings: the folder is the bucket of {@code IMPORT_BUCKET_URI}, and the
 * daemon's own file permissions are the only credentials.
 */
final class LocalConnectorFactory implements ConnectorFactory {
    private static final SettingsSpec NO_SETTINGS = SettingsSpec.builder().build();

    @Override
    public String type() {
        return "local";
    }

    @Override
    public String version() {
        return PluginVersion.of(LocalConnectorFactory.class);
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.OBJECT_STORE;
    }

    @Override
    public SettingsSpec settings() {
        return NO_SETTINGS;
    }

    @Override
    public ObjectStore openObjectStore(ConnectorContext context) {
        return new LocalObjectStore(context.connectionName());
    }
}

package dev.pipit.plugin.s3;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.connector.ConnectorFactory;
import java.util.List;

/** Amazon S3 and S3-compatible stores, with access keys ({@code TYPE s3}) or an assumed role ({@code TYPE s3_iamrole}). */
public final class S3Plugin implements Plugin {
    @Override
    public List<ConnectorFactory> connectors() {
        return List.of(S3ConnectorFactory.withKeys(), S3ConnectorFactory.withRole());
    }
}

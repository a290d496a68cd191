package dev.pipit.plugin.s3;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.config.SettingProblem;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The settings of one S3 connection, parsed. Built only from settings that their declarations and
 * {@link #problems} found nothing wrong with, so parsing here never fails on user input.
 *
 * @param accessKey {@code S3_ACCESS_KEY}, or {@code null} for the AWS default credentials chain
 * @param sessionToken {@code S3_SESSION_TOKEN}, or {@code null}
 * @param roleArn {@code S3_ARN} of {@code TYPE s3_iamrole}, or {@code null} for {@code TYPE s3}
 * @param endpoint {@code S3_ENDPOINT}, or {@code null} for AWS
 * @param stsEndpoint {@code S3_STS_ENDPOINT}, or {@code null} for the region's STS
 */
record S3Settings(
        String region,
        String accessKey,
        String secret,
        String sessionToken,
        String roleArn,
        String externalId,
        URI endpoint,
        URI stsEndpoint,
        boolean pathStyle,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts) {

    S3Settings {
        requireNonNull(region, "region is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(readTimeout, "readTimeout is null");
    }

    static S3Settings parse(Map<String, String> values) {
        return new S3Settings(
                S3ConnectorFactory.REGION.valueIn(values),
                S3ConnectorFactory.ACCESS_KEY.valueIn(values),
                S3ConnectorFactory.SECRET.valueIn(values),
                S3ConnectorFactory.SESSION_TOKEN.valueIn(values),
                S3ConnectorFactory.ARN.valueIn(values),
                S3ConnectorFactory.EXTERNAL_ID.valueIn(values),
                S3ConnectorFactory.ENDPOINT.valueIn(values),
                S3ConnectorFactory.STS_ENDPOINT.valueIn(values),
                S3ConnectorFactory.PATH_STYLE.valueIn(values),
                S3ConnectorFactory.CONNECT_TIMEOUT.valueIn(values),
                S3ConnectorFactory.READ_TIMEOUT.valueIn(values),
                S3ConnectorFactory.MAX_ATTEMPTS.valueIn(values));
    }

    /**
     * What is wrong with settings that each passed their declaration (which checked types, URLs and ranges);
     * messages name settings, never values.
     */
    static List<SettingProblem> problems(Map<String, String> values) {
        boolean hasKey = S3ConnectorFactory.ACCESS_KEY.valueIn(values) != null;
        boolean hasSecret = S3ConnectorFactory.SECRET.valueIn(values) != null;
        if (hasKey == hasSecret) {
            return List.of();
        }
        String missing = (hasKey ? S3ConnectorFactory.SECRET : S3ConnectorFactory.ACCESS_KEY).name();
        return List.of(new SettingProblem((hasKey ? S3ConnectorFactory.ACCESS_KEY : S3ConnectorFactory.SECRET).name(),
                "S3_ACCESS_KEY and S3_SECRET go together: set " + missing + " too, or neither to use the AWS "
                        + "default credentials chain"));
    }

    boolean hasKeys() {
        return accessKey != null;
    }

    @Override
    public String toString() {
        // Credentials stay out: this may end up in a log line.
        return "S3Settings[region=" + region + ", keys=" + (hasKeys() ? "<masked>" : "default chain")
                + ", role=" + roleArn + ", endpoint=" + endpoint + ", pathStyle=" + pathStyle + "]";
    }
}

package dev.pipit.plugin.s3;

import static dev.pipit.spi.config.SettingValues.duration;
import static dev.pipit.spi.config.SettingValues.httpUrl;
import static dev.pipit.spi.config.SettingValues.orNull;
import static dev.pipit.spi.config.SettingValues.positiveInt;
import static java.util.Objects.requireNonNull;

import dev.pipit.spi.config.SettingProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of one S3 connection, parsed. Built only from settings that {@link #problems} found nothing
 * wrong with, so parsing here never fails on user input.
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
                values.get(S3ConnectorFactory.REGION),
                orNull(values.get(S3ConnectorFactory.ACCESS_KEY)),
                orNull(values.get(S3ConnectorFactory.SECRET)),
                orNull(values.get(S3ConnectorFactory.SESSION_TOKEN)),
                orNull(values.get(S3ConnectorFactory.ARN)),
                orNull(values.get(S3ConnectorFactory.EXTERNAL_ID)),
                httpUrl(values.get(S3ConnectorFactory.ENDPOINT)).orElse(null),
                httpUrl(values.get(S3ConnectorFactory.STS_ENDPOINT)).orElse(null),
                Boolean.parseBoolean(values.get(S3ConnectorFactory.PATH_STYLE)),
                duration(values.get(S3ConnectorFactory.CONNECT_TIMEOUT)).orElseThrow(),
                duration(values.get(S3ConnectorFactory.READ_TIMEOUT)).orElseThrow(),
                positiveInt(values.get(S3ConnectorFactory.MAX_ATTEMPTS)).orElseThrow());
    }

    /** What is wrong with settings that each passed their declaration; messages name settings, never values. */
    static List<SettingProblem> problems(Map<String, String> values) {
        List<SettingProblem> problems = new ArrayList<>();
        boolean hasKey = orNull(values.get(S3ConnectorFactory.ACCESS_KEY)) != null;
        boolean hasSecret = orNull(values.get(S3ConnectorFactory.SECRET)) != null;
        if (hasKey != hasSecret) {
            String missing = hasKey ? S3ConnectorFactory.SECRET : S3ConnectorFactory.ACCESS_KEY;
            problems.add(new SettingProblem(hasKey ? S3ConnectorFactory.ACCESS_KEY : S3ConnectorFactory.SECRET,
                    "S3_ACCESS_KEY and S3_SECRET go together: set " + missing + " too, or neither to use the AWS "
                            + "default credentials chain"));
        }
        for (String name : List.of(S3ConnectorFactory.ENDPOINT, S3ConnectorFactory.STS_ENDPOINT)) {
            String value = orNull(values.get(name));
            if (value != null && httpUrl(value).isEmpty()) {
                problems.add(new SettingProblem(name,
                        name + " must be an http:// or https:// URL such as https://minio.example.com:9000"));
            }
        }
        for (String name : List.of(S3ConnectorFactory.CONNECT_TIMEOUT, S3ConnectorFactory.READ_TIMEOUT)) {
            if (duration(values.get(name)).isEmpty()) {
                problems.add(new SettingProblem(name, name + " must be a positive duration such as 10s, 500ms or 2m"));
            }
        }
        if (positiveInt(values.get(S3ConnectorFactory.MAX_ATTEMPTS)).isEmpty()) {
            problems.add(new SettingProblem(S3ConnectorFactory.MAX_ATTEMPTS,
                    S3ConnectorFactory.MAX_ATTEMPTS + " must be a whole number >= 1 (1 turns retries off)"));
        }
        return problems;
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

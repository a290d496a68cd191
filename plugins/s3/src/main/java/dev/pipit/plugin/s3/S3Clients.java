package dev.pipit.plugin.s3;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds the S3 client of one connection from its settings: credentials (keys, the default chain or an assumed
 * role), endpoint and addressing style, timeouts and the SDK's standard retry strategy.
 */
final class S3Clients {
    private S3Clients() {}

    /**
     * An S3 client and what it depends on. {@link S3Client#close()} leaves a credentials provider it was given
     * open, so the provider (and its STS client) is closed here too.
     */
    record Connection(S3Client s3, List<SdkAutoCloseable> resources) implements AutoCloseable {
        Connection {
            resources = List.copyOf(resources);
        }

        @Override
        public void close() {
            s3.close();
            // Reverse order of creation: the role's provider before the STS client it calls.
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        }
    }

    static Connection connect(String connectionName, S3Settings settings) {
        List<SdkAutoCloseable> resources = new ArrayList<>();
        AwsCredentialsProvider credentials = credentials(connectionName, settings, resources);
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .httpClientBuilder(httpClient(settings))
                .overrideConfiguration(overrides(settings));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return new Connection(builder.build(), resources);
    }

    /** An SQS client and what it depends on, closed together as {@link Connection} closes its S3 client's. */
    record QueueConnection(SqsClient sqs, List<SdkAutoCloseable> resources) implements AutoCloseable {
        QueueConnection {
            resources = List.copyOf(resources);
        }

        @Override
        public void close() {
            sqs.close();
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        }
    }

    /**
     * An SQS client with the connection's own credentials, timeouts and retries: bucket notifications go to a queue
     * of the bucket's account, which the identity that reads the bucket is allowed to poll.
     */
    static QueueConnection connectQueue(String connectionName, S3Settings settings, SqsQueue queue) {
        List<SdkAutoCloseable> resources = new ArrayList<>();
        SqsClient sqs = SqsClient.builder()
                .region(Region.of(queue.region(settings.region())))
                .credentialsProvider(credentials(connectionName, settings, resources))
                .endpointOverride(queue.endpoint(settings.region()))
                .httpClientBuilder(httpClient(settings))
                .overrideConfiguration(overrides(settings))
                .build();
        return new QueueConnection(sqs, resources);
    }

    private static AwsCredentialsProvider credentials(
            String connectionName, S3Settings settings, List<SdkAutoCloseable> resources) {
        if (settings.roleArn() != null) {
            return assumedRole(connectionName, settings, resources);
        }
        if (settings.hasKeys()) {
            AwsCredentials keys = settings.sessionToken() == null
                    ? AwsBasicCredentials.create(settings.accessKey(), settings.secret())
                    : AwsSessionCredentials.create(settings.accessKey(), settings.secret(), settings.sessionToken());
            return StaticCredentialsProvider.create(keys);
        }
        return keep(resources, DefaultCredentialsProvider.builder().build());
    }

    /**
     * The role's temporary credentials, asked for with the daemon's own identity (the default chain). The provider
     * asks STS again before they expire (five minutes ahead, the SDK's default), so a long run never signs with
     * expired credentials.
     */
    private static AwsCredentialsProvider assumedRole(
            String connectionName, S3Settings settings, List<SdkAutoCloseable> resources) {
        StsClientBuilder sts = StsClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(keep(resources, DefaultCredentialsProvider.builder().build()))
                .httpClientBuilder(httpClient(settings))
                .overrideConfiguration(overrides(settings));
        if (settings.stsEndpoint() != null) {
            sts.endpointOverride(settings.stsEndpoint());
        }
        StsClient stsClient = keep(resources, sts.build());
        return keep(resources, StsAssumeRoleCredentialsProvider.builder()
                .stsClient(stsClient)
                .refreshRequest(request -> request
                        .roleArn(settings.roleArn())
                        .externalId(settings.externalId())
                        // Shows up in the bucket owner's CloudTrail, so they can tell Pipit's reads apart.
                        .roleSessionName(sessionName(connectionName)))
                .build());
    }

    /** AWS allows {@code [\w+=,.@-]}, 2 to 64 characters. */
    static String sessionName(String connectionName) {
        String name = ("pipit-" + connectionName).replaceAll("[^\\w+=,.@-]", "-");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private static Apache5HttpClient.Builder httpClient(S3Settings settings) {
        return Apache5HttpClient.builder()
                .connectionTimeout(settings.connectTimeout())
                .socketTimeout(settings.readTimeout());
    }

    /** The SDK's standard strategy retries throttling, 5xx and broken connections with jittered backoff. */
    private static ClientOverrideConfiguration overrides(S3Settings settings) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxAttempts())
                        .build())
                .build();
    }

    private static <T extends SdkAutoCloseable> T keep(List<SdkAutoCloseable> resources, T resource) {
        resources.add(resource);
        return resource;
    }
}

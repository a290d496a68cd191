package dev.pipit.plugin.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.net.http.HttpClient.Version;

/**
 * Builds the Blob service client of one connection from its settings: endpoint, credential, the JDK's HTTP
 * client with the connection's timeouts, and the SDK's own retry policy with the connection's number of attempts.
 */
final class AzureClients {
    private AzureClients() {}

    static BlobServiceClient connect(AzureSettings settings) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .httpClient(httpClient(settings))
                // Per retry, so after the request is signed.
                .addPolicy(new BodilessRequests())
                // The SDK's exponential backoff (4 s, then doubling up to 2 min) on 408, 429, 5xx, timeouts and
                // broken connections, with the number of tries the connection asks for.
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, settings.maxAttempts(),
                        (Integer) null, null, null, null))
                // Off whatever AZURE_HTTP_LOG_DETAIL_LEVEL says: request lines carry SAS tokens.
                .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE));
        if (settings.connectionString() != null) {
            builder.connectionString(settings.connectionString());
            if (settings.endpoint() != null) {
                builder.endpoint(settings.endpoint().toString());
            }
        } else {
            builder.endpoint(settings.serviceEndpoint());
            if (settings.accountKey() != null) {
                builder.credential(new StorageSharedKeyCredential(settings.account(), settings.accountKey()));
            } else {
                builder.sasToken(settings.sasToken());
            }
        }
        return builder.buildClient();
    }

    /**
     * The JDK's own HTTP client rather than the SDK's default Netty one: it keeps plugins/azure/ at a third of the
     * size, and Pipit only sends a few requests at a time. HTTP/1.1, which is all the Blob service speaks: the
     * JDK's default would offer every plain-http endpoint (Azurite, a proxy) an upgrade to HTTP/2 first.
     */
    private static HttpClient httpClient(AzureSettings settings) {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().version(Version.HTTP_1_1))
                .connectionTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .responseTimeout(settings.readTimeout())
                .build();
    }
}

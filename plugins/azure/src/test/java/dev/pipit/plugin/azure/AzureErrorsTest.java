package dev.pipit.plugin.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.models.BlobStorageException;
import dev.pipit.spi.error.ConfigurationException;
import dev.pipit.spi.error.ErrorCategory;
import dev.pipit.spi.error.RetriableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The answers Azurite never gives: it throttles nothing and has no outages. */
class AzureErrorsTest {
    private final AzureErrors errors = new AzureErrors("landing_azure", "AZURE_SAS_TOKEN");

    @Test
    void aBusyServerIsRetriableAndKeepsOnlyItsCodeAndStatus() {
        IOException error = errors.readFailed(storageError(503, "ServerBusy",
                "Ingress is over the account limit. RequestId:1 Time:2026-12-06T10:00:00Z"), "az://c/a.csv");

        assertThat(error).isInstanceOf(RetriableException.class)
                .hasMessage("connection 'landing_azure': Azure request for az://c/a.csv failed: Azure answered "
                        + "ServerBusy (HTTP 503)");
    }

    @Test
    void aRefusedRequestIsAConfigurationErrorNamingTheCredentialSetting() {
        IOException error = errors.listingFailed(storageError(403, "AuthenticationFailed",
                "Signature did not match. String to sign used was rl 2026-12-06 /blob/acme/c"), "c", "az://c/in/");

        assertThat(error).isInstanceOf(ConfigurationException.class)
                .hasMessage("connection 'landing_azure': access denied to az://c/in/ (check AZURE_SAS_TOKEN: is it "
                        + "valid and not expired, and does it allow listing and reading the container?): Azure "
                        + "answered AuthenticationFailed (HTTP 403)");
        assertThat(error.getMessage()).doesNotContain("String to sign");
    }

    @Test
    void anotherClientErrorHasNoCategory() {
        IOException error = errors.listingFailed(storageError(400, "InvalidQueryParameterValue", "bad"),
                "c", "az://c/in/");

        assertThat(ErrorCategory.of(error)).isEmpty();
        assertThat(error).hasMessageEndingWith("Azure answered InvalidQueryParameterValue (HTTP 400)");
    }

    @Test
    void anUnknownAccountHostIsAConfigurationError() {
        IOException error = errors.listingFailed(new UncheckedIOException(
                new UnknownHostException("acmetypo.blob.core.windows.net")), "c", "az://c/in/");

        assertThat(error).isInstanceOf(ConfigurationException.class)
                .hasMessage("connection 'landing_azure': cannot reach Azure for az://c/in/: unknown host "
                        + "acmetypo.blob.core.windows.net (check AZURE_STORAGE_ACCOUNT or AZURE_ENDPOINT)");
    }

    @Test
    void aBrokenReadIsRetriableNamingConnectionAndBlob() {
        IOException error = errors.readFailed(new IOException("Connection reset"), "az://c/a.csv");

        assertThat(error).isInstanceOf(RetriableException.class)
                .hasMessage("connection 'landing_azure': reading az://c/a.csv failed: IOException: Connection reset");
    }

    private static BlobStorageException storageError(int status, String code, String serviceText) {
        return new BlobStorageException("Status code " + status + ", " + serviceText,
                new FakeResponse(status, code), null);
    }

    /** An answer with a status and Azure's error code header, which is all the errors read. */
    private static final class FakeResponse extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;

        FakeResponse(int status, String errorCode) {
            super(new HttpRequest(HttpMethod.GET, "https://acme.blob.core.windows.net/c"));
            this.status = status;
            this.headers = new HttpHeaders().set(HttpHeaderName.fromString("x-ms-error-code"), errorCode);
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        /** Abstract, though deprecated: every response must still answer it. */
        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(new byte[0]);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return getBodyAsString(UTF_8);
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just("");
        }
    }
}

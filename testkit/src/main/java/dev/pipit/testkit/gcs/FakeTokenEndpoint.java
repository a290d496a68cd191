package dev.pipit.testkit.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Google's OAuth token endpoint on loopback, for service account keys whose {@code token_uri} points here: it
 * answers every token request with an access token, or refuses it as Google does a revoked or forged key. The
 * emulator takes any token, so this is where a key's validity is decided in tests.
 */
public final class FakeTokenEndpoint implements AutoCloseable {
    private final HttpServer server;

    private FakeTokenEndpoint(HttpServer server) {
        this.server = server;
    }

    public static FakeTokenEndpoint issuing() throws IOException {
        return start(200, "{\"access_token\":\"ya29.pipit-test-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
    }

    public static FakeTokenEndpoint refusing() throws IOException {
        return start(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
    }

    private static FakeTokenEndpoint start(int status, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] response = body.getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        });
        server.start();
        return new FakeTokenEndpoint(server);
    }

    public URI tokenUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** A service account key as Google issues it, with a fresh RSA key and this endpoint as its token_uri. */
    public String serviceAccountKey(String privateKeyId) throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(
                        generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return """
                {
                  "type": "service_account",
                  "project_id": "%s",
                  "private_key_id": "%s",
                  "private_key": "%s",
                  "client_email": "pipit-reader@%s.iam.gserviceaccount.com",
                  "client_id": "100000000000000000001",
                  "token_uri": "%s"
                }
                """.formatted(GcsEmulator.PROJECT_ID, privateKeyId, pem.replace("\n", "\\n"), GcsEmulator.PROJECT_ID,
                tokenUri());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

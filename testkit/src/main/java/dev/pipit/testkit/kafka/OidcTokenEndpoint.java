package dev.pipit.testkit.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * An OAuth 2.0 identity provider on loopback for the broker's OAUTHBEARER listener: {@code POST /token} grants
 * client credentials ({@link #CLIENT_ID} / {@link #CLIENT_SECRET}, sent as HTTP basic authentication or as form
 * fields) an RS256-signed JWT, and {@code GET /jwks} publishes the public key the broker checks signatures with.
 * Any other client gets 401 {@code invalid_client}, as a real provider answers.
 */
public final class OidcTokenEndpoint implements AutoCloseable {
    public static final String CLIENT_ID = "pipit-client";
    public static final String CLIENT_SECRET = "oauth-cl1ent-s3cret";
    private static final String KEY_ID = "pipit-test-key";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final KeyPair keys;

    private OidcTokenEndpoint(HttpServer server, KeyPair keys) {
        this.server = server;
        this.keys = keys;
    }

    public static OidcTokenEndpoint start() throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OidcTokenEndpoint endpoint = new OidcTokenEndpoint(server, generator.generateKeyPair());
        server.createContext("/token", endpoint::token);
        server.createContext("/jwks", endpoint::jwks);
        server.start();
        return endpoint;
    }

    public String tokenUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
        String[] basic = basic(exchange.getRequestHeaders().getFirst("Authorization"));
        String id = basic != null ? basic[0] : form.get("client_id");
        String secret = basic != null ? basic[1] : form.get("client_secret");
        if (!"client_credentials".equals(form.get("grant_type")) || !CLIENT_ID.equals(id)
                || !CLIENT_SECRET.equals(secret)) {
            send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        try {
            send(exchange, 200, "{\"access_token\":\"" + jwt(id) + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        } catch (GeneralSecurityException e) {
            send(exchange, 500, "{\"error\":\"server_error\"}");
        }
    }

    private void jwks(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        send(exchange, 200, "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID
                + "\",\"n\":\"" + unsigned(key.getModulus()) + "\",\"e\":\"" + unsigned(key.getPublicExponent()) + "\"}]}");
    }

    private String jwt(String subject) throws GeneralSecurityException {
        long now = Instant.now().getEpochSecond();
        String header = BASE64URL.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}")
                .getBytes(UTF_8));
        String payload = BASE64URL.encodeToString(("{\"sub\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":"
                + (now + 3600) + ",\"scope\":\"kafka\"}").getBytes(UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(keys.getPrivate());
        signature.update((header + "." + payload).getBytes(UTF_8));
        return header + "." + payload + "." + BASE64URL.encodeToString(signature.sign());
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return BASE64URL.encodeToString(bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {URLDecoder.decode(decoded.substring(0, colon), UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), UTF_8)};
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), UTF_8));
            }
        }
        return fields;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

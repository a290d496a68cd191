package dev.pipit.plugin.s3.testutil;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An STS endpoint on loopback that answers every AssumeRole with fixed temporary credentials, or with an error,
 * and records the requests' form fields, so a test can check what the SDK's STS client sent.
 */
public final class FakeSts implements AutoCloseable {
    private final HttpServer server;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    private FakeSts(HttpServer server) {
        this.server = server;
    }

    /** Answers with {@code accessKey}, {@code secret} and a session token that expire at {@code expiration}. */
    public static FakeSts issuing(String accessKey, String secret, Instant expiration) throws IOException {
        return start(200, """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleResult>
                    <Credentials>
                      <AccessKeyId>%s</AccessKeyId>
                      <SecretAccessKey>%s</SecretAccessKey>
                      <SessionToken>pipit-test-session-token</SessionToken>
                      <Expiration>%s</Expiration>
                    </Credentials>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::123456789012:assumed-role/pipit-reader/pipit</Arn>
                      <AssumedRoleId>AROAPIPITTEST:pipit</AssumedRoleId>
                    </AssumedRoleUser>
                  </AssumeRoleResult>
                  <ResponseMetadata><RequestId>fake-sts-1</RequestId></ResponseMetadata>
                </AssumeRoleResponse>
                """.formatted(accessKey, secret, expiration));
    }

    /** Refuses every AssumeRole as STS does when the trust policy does not allow the caller. */
    public static FakeSts refusing() throws IOException {
        return start(403, """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error>
                  <RequestId>fake-sts-2</RequestId>
                </ErrorResponse>
                """);
    }

    private static FakeSts start(int status, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeSts sts = new FakeSts(server);
        server.createContext("/", exchange -> {
            sts.requests.add(form(new String(exchange.getRequestBody().readAllBytes(), UTF_8)));
            byte[] response = body.getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        });
        server.start();
        return sts;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The form fields of every request so far, oldest first. */
    public List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

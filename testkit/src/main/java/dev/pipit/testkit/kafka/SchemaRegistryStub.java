package dev.pipit.testkit.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The read side of a Confluent-compatible schema registry on loopback, as its REST API documents it:
 * {@code GET /schemas/ids/{id}} and {@code GET /subjects/{subject}/versions/latest}, answering 404 with error code
 * 40403 / 40401 for what it does not hold. No registry server could be started from Maven artifacts on these
 * machines (Apicurio Registry is a Quarkus application shipped as a container image), so the tests talk to this.
 *
 * <p>It can require HTTP basic credentials, and be {@linkplain #down(boolean) taken down} (every request then
 * answers 503) to test that a registry outage loses nothing. {@link #encode} writes a datum in the wire format
 * with Avro's own encoder, as Confluent's serializer does.
 */
public final class SchemaRegistryStub implements AutoCloseable {
    private final HttpServer server;
    private final String credentials;
    private final Map<Integer, String> schemas = new ConcurrentHashMap<>();
    private final Map<String, Integer> latest = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();

    private SchemaRegistryStub(String user, String password) throws IOException {
        this.credentials = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    /** A registry that answers anyone. */
    public static SchemaRegistryStub open() throws IOException {
        return new SchemaRegistryStub(null, null);
    }

    /** A registry that answers 401 unless the request carries these basic credentials. */
    public static SchemaRegistryStub withCredentials(String user, String password) throws IOException {
        return new SchemaRegistryStub(user, password);
    }

    /** {@code http://127.0.0.1:PORT}, without credentials. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers {@code schema} under {@code subject} as its latest version; returns its new id. */
    public int register(String subject, Schema schema) {
        return register(subject, schema.toString(), null);
    }

    /** Registers a schema of another type ({@code JSON}, {@code PROTOBUF}); returns its new id. */
    public int register(String subject, String schemaText, String schemaType) {
        int id = nextId.getAndIncrement();
        String body = "{\"id\":" + id + ",\"schema\":" + quoted(schemaText)
                + (schemaType == null ? "" : ",\"schemaType\":" + quoted(schemaType)) + "}";
        schemas.put(id, body);
        latest.put(subject, id);
        return id;
    }

    /** While down, every request answers 503, as a registry being restarted behind its load balancer does. */
    public void down(boolean isDown) {
        down.set(isDown);
    }

    /** How many requests reached the registry, answered or not. */
    public int requests() {
        return requests.get();
    }

    /** The datum in the wire format: a 0 byte, the 4-byte schema id, the Avro binary encoding. */
    public static byte[] encode(int schemaId, Schema schema, Object datum) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0);
        bytes.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        if (down.get()) {
            send(exchange, 503, "{\"error_code\":50301,\"message\":\"unavailable\"}");
        } else if (credentials != null && !credentials.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
        } else if (!exchange.getRequestMethod().equals("GET")) {
            send(exchange, 405, "{\"error_code\":405,\"message\":\"read only\"}");
        } else if (path.startsWith("/schemas/ids/")) {
            String body = schemas.get(parseId(path.substring("/schemas/ids/".length())));
            send(exchange, body == null ? 404 : 200,
                    body == null ? "{\"error_code\":40403,\"message\":\"Schema not found\"}" : body);
        } else if (path.startsWith("/subjects/") && path.endsWith("/versions/latest")) {
            Integer id = latest.get(path.substring("/subjects/".length(), path.length() - "/versions/latest".length()));
            send(exchange, id == null ? 404 : 200,
                    id == null ? "{\"error_code\":40401,\"message\":\"Subject not found\"}" : schemas.get(id));
        } else {
            send(exchange, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        }
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }
}

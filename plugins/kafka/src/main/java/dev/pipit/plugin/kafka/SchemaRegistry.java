package dev.pipit.plugin.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pipit.spi.stream.StreamException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of a schema registry's Confluent-compatible REST API (Confluent Schema Registry, Apicurio's
 * {@code /apis/ccompat/v7}, Redpanda, Karapace): the writer schema of a schema id, kept once fetched since an id
 * never changes its schema. Credentials written into the URL ({@code https://user:pass@host}) go out as HTTP basic
 * authentication and never appear in a message: errors name the registry by scheme, host and port only.
 */
final class SchemaRegistry {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonFactory JSON = new JsonFactory();

    private final URI base;
    private final String shownAs;
    private final String authorization;
    private final HttpClient http;
    private final Map<Integer, RegisteredSchema> byId = new ConcurrentHashMap<>();

    /** A schema as the registry holds it: its type ({@code AVRO}, {@code JSON}, {@code PROTOBUF}) and text. */
    record RegisteredSchema(int id, String type, Schema avro) {
        boolean isAvro() {
            return type.equals("AVRO");
        }
    }

    /** @throws IllegalArgumentException naming what is wrong with the URL, never its credentials */
    SchemaRegistry(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("KAFKA_SCHEMA_REGISTRY_URL is not a URL; write https://host:port or "
                    + "https://user:password@host:port");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("KAFKA_SCHEMA_REGISTRY_URL must be an http:// or https:// URL with a "
                    + "host, such as https://user:password@registry.example.com");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        this.base = URI.create(scheme + "://" + uri.getHost() + port + path);
        this.shownAs = scheme + "://" + uri.getHost() + port;
        this.authorization = basicAuthorization(uri.getRawUserInfo());
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The registry as messages may name it: scheme, host and port, never the credentials. */
    String shownAs() {
        return shownAs;
    }

    /**
     * The schema registered under {@code id}.
     *
     * @throws UndecodableException when the registry has no schema of that id, or not a valid one
     * @throws StreamException when the registry cannot be reached or refuses: no message is at fault, so the
     *     batch must be read again later
     */
    RegisteredSchema byId(int id) throws UndecodableException {
        RegisteredSchema known = byId.get(id);
        if (known != null) {
            return known;
        }
        String body = get("/schemas/ids/" + id, "schema id " + id);
        if (body == null) {
            throw new UndecodableException("schema id " + id + " is not in the schema registry at " + shownAs);
        }
        RegisteredSchema schema = parse(id, body);
        byId.put(id, schema);
        return schema;
    }

    /**
     * The latest schema of a subject ({@code <topic>-value}), for a data source without {@code SCHEMA}.
     *
     * @return the schema, or {@code null} when the subject has none
     * @throws StreamException when the registry cannot be reached or refuses
     */
    RegisteredSchema latest(String subject) {
        String body = get("/subjects/" + URLEncoder.encode(subject, UTF_8).replace("+", "%20") + "/versions/latest",
                "subject " + subject);
        if (body == null) {
            return null;
        }
        try {
            return parse(-1, body);
        } catch (UndecodableException e) {
            throw new StreamException(e.getMessage());
        }
    }

    /** The body of a 200 answer, or {@code null} for a 404. */
    private String get(String path, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        } catch (IOException e) {
            throw new StreamException("cannot reach the schema registry at " + shownAs + " for " + what + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamException("interrupted while asking the schema registry at " + shownAs + " for " + what);
        }
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            String hint = response.statusCode() == 401 || response.statusCode() == 403
                    ? "; check the user and password in KAFKA_SCHEMA_REGISTRY_URL" : "";
            throw new StreamException("the schema registry at " + shownAs + " answered HTTP "
                    + response.statusCode() + " for " + what + hint);
        }
        return response.body();
    }

    private RegisteredSchema parse(int id, String body) throws UndecodableException {
        String text = null;
        String type = "AVRO";
        int foundId = id;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("schema") && value == JsonToken.VALUE_STRING) {
                    text = parser.getText();
                } else if (name.equals("schemaType") && value == JsonToken.VALUE_STRING) {
                    type = parser.getText().toUpperCase(Locale.ROOT);
                } else if (name.equals("id") && value == JsonToken.VALUE_NUMBER_INT) {
                    foundId = parser.getIntValue();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new StreamException("the schema registry at " + shownAs + " answered something that is not a "
                    + "schema for id " + id);
        }
        if (text == null) {
            throw new StreamException("the schema registry at " + shownAs + " answered without a schema for id " + id);
        }
        if (!type.equals("AVRO")) {
            return new RegisteredSchema(foundId, type, null);
        }
        try {
            return new RegisteredSchema(foundId, type, new Schema.Parser().setValidateDefaults(false).parse(text));
        } catch (SchemaParseException e) {
            throw new UndecodableException("schema id " + foundId + " is not a valid Avro schema: " + e.getMessage());
        }
    }

    /** {@code %40} is {@code @}; a {@code +} in a URL's user info is itself, not a space. */
    private static String percentDecoded(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), UTF_8);
    }

    private static String basicAuthorization(String rawUserInfo) {
        if (rawUserInfo == null || rawUserInfo.isEmpty()) {
            return null;
        }
        int colon = rawUserInfo.indexOf(':');
        String user = percentDecoded(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
        String password = colon < 0 ? "" : percentDecoded(rawUserInfo.substring(colon + 1));
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
    }
}

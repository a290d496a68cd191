package dev.pipit.plugin.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pipit.spi.error.ContentException;
import dev.pipit.spi.error.ErrorCategory;
import dev.pipit.spi.stream.StreamException;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
    /**
     * The error codes of Confluent's API for "no such subject, version or schema"; a 404 without one comes from a
     * URL that is not the registry's API, which is no message's fault.
     */
    private static final Set<Integer> NOT_FOUND_CODES = Set.of(40401, 40402, 40403);

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

    /** @param uri an http(s) URL with a host, as {@link KafkaConnectorFactory#SCHEMA_REGISTRY_URL} takes it */
    SchemaRegistry(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
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
     * @throws ContentException when the registry has no schema of that id, or not a valid one: the message that
     *     names it is at fault
     * @throws StreamException when the registry cannot be reached or refuses: no message is at fault, so the
     *     batch must be read again later; retriable for an outage, configuration for refused credentials or a
     *     URL that is no registry
     */
    RegisteredSchema byId(int id) throws ContentException {
        RegisteredSchema known = byId.get(id);
        if (known != null) {
            return known;
        }
        String body = get("/schemas/ids/" + id, "schema id " + id);
        if (body == null) {
            throw new ContentException("schema id " + id + " is not in the schema registry at " + shownAs);
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
        } catch (ContentException e) {
            throw new StreamException(ErrorCategory.CONFIGURATION, "subject " + subject + ": " + e.getMessage(), e);
        }
    }

    /** The body of a 200 answer, or {@code null} when the registry says it holds no such schema or subject. */
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
            throw new StreamException(ErrorCategory.RETRIABLE, "cannot reach the schema registry at " + shownAs
                    + " for " + what + " (" + e.getClass().getSimpleName() + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamException(ErrorCategory.RETRIABLE, "interrupted while asking the schema registry at "
                    + shownAs + " for " + what, null);
        }
        int status = response.statusCode();
        if (status == 200) {
            return response.body();
        }
        if (status == 404 && NOT_FOUND_CODES.contains(errorCode(response.body()))) {
            return null;
        }
        String answered = "the schema registry at " + shownAs + " answered HTTP " + status + " for " + what;
        if (status >= 500 || status == 408 || status == 429) {
            throw new StreamException(ErrorCategory.RETRIABLE, answered, null);
        }
        // Refused credentials, or a URL that leads to something other than a registry's API: waiting does not
        // mend either, and no message is to blame, so none is quarantined for it.
        String hint = status == 401 || status == 403 ? "; check the user and password in KAFKA_SCHEMA_REGISTRY_URL"
                : "; check that KAFKA_SCHEMA_REGISTRY_URL is the registry's base URL (Apicurio's ends in "
                        + "/apis/ccompat/v7)";
        throw new StreamException(ErrorCategory.CONFIGURATION, answered + hint, null);
    }

    /** The {@code error_code} of a registry's error answer, or 0 when the body is not one. */
    private static int errorCode(String body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return 0;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("error_code") && value == JsonToken.VALUE_NUMBER_INT) {
                    return parser.getIntValue();
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private RegisteredSchema parse(int id, String body) throws ContentException {
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
            throw new StreamException(ErrorCategory.CONFIGURATION, "the schema registry at " + shownAs
                    + " answered something that is not a schema for id " + id + "; check KAFKA_SCHEMA_REGISTRY_URL",
                    null);
        }
        if (text == null) {
            throw new StreamException(ErrorCategory.CONFIGURATION, "the schema registry at " + shownAs
                    + " answered without a schema for id " + id + "; check KAFKA_SCHEMA_REGISTRY_URL", null);
        }
        if (!type.equals("AVRO")) {
            return new RegisteredSchema(foundId, type, null);
        }
        try {
            return new RegisteredSchema(foundId, type, new Schema.Parser().setValidateDefaults(false).parse(text));
        } catch (SchemaParseException e) {
            throw new ContentException("schema id " + foundId + " is not a valid Avro schema: " + e.getMessage());
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

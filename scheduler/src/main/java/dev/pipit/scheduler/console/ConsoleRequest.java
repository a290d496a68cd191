package dev.pipit.scheduler.console;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as an endpoint sees it.
 *
 * @param pathParts the parts of the path its route captured, decoded, in order
 * @param parameters the query string's parameters, and for a form POST the form's; the first value of each name
 */
public record ConsoleRequest(String method, String path, List<String> pathParts, Map<String, String> parameters) {
    public ConsoleRequest {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        pathParts = List.copyOf(pathParts);
        parameters = Map.copyOf(parameters);
    }

    public String part(int index) {
        return pathParts.get(index);
    }

    public Optional<String> parameter(String name) {
        String value = parameters.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** An integer parameter; a value that is not one is ignored as if it were missing. */
    public int intParameter(String name, int defaultValue) {
        try {
            return parameter(name).map(Integer::parseInt).orElse(defaultValue);
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    /** Decodes {@code a=1&b=two} (a query string or a form body) into its first values. */
    static Map<String, String> decode(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isEmpty()) {
            return into;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            into.putIfAbsent(name, value);
        }
        return into;
    }

    static Map<String, String> decode(String encoded) {
        return decode(encoded, new LinkedHashMap<>());
    }
}

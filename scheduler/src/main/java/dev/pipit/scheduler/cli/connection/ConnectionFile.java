package dev.pipit.scheduler.cli.connection;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of a new {@code .connection} file: TYPE, the given settings, and a {@code tb_secret()} placeholder for
 * every credential, so no secret is ever written to a file that may end up in git.
 *
 * @param name the connection's name (the file name without {@code .connection})
 * @param type the TYPE
 * @param settings plain settings with their values, in the order they are written
 * @param secrets secret settings, written as placeholders
 */
record ConnectionFile(String name, String type, Map<String, String> settings, List<String> secrets) {
    ConnectionFile {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(settings, "settings is null")));
        secrets = List.copyOf(requireNonNull(secrets, "secrets is null"));
    }

    /** The environment variable a secret is read from: {@code landing} + {@code S3_SECRET} → {@code LANDING_S3_SECRET}. */
    String secretName(String setting) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_" + setting;
    }

    String render() {
        StringBuilder text = new StringBuilder("TYPE ").append(type).append('\n');
        settings.forEach((key, value) -> text.append(key).append(' ').append(quoted(value)).append('\n'));
        for (String secret : secrets) {
            text.append(secret).append(" {{ tb_secret(\"").append(secretName(secret)).append("\") }}\n");
        }
        return text.toString();
    }

    /** Bare when the value is one word, as Tinybird writes it; double-quoted otherwise. */
    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9_.:/@,+=-]+") ? value : "\"" + value.replace("\"", "\\\"") + "\"";
    }
}

package dev.pipit.scheduler.db;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Rewrites and masks JDBC URLs; kept apart from {@link Database} because it is pure string work. */
final class JdbcUrls {
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^;&]*");
    /** The file systems that all mean "the file on disk"; each is replaced by {@link Database#H2_FILE_PREFIX}. */
    private static final Pattern FILE_SYSTEM = Pattern.compile("^(file|nio|async|" + InterruptSafeFilePath.SCHEME + "):");

    /**
     * The settings that let one set of migration scripts and one set of queries serve H2 and PostgreSQL: PostgreSQL
     * syntax ({@code ON CONFLICT}, {@code bytea}), unquoted names folded to lower case as PostgreSQL folds them, and
     * NULLs sorted last in ascending order as in PostgreSQL. H2 reserves {@code key}, {@code rows} and
     * {@code value}, which PostgreSQL does not: without {@code NON_KEYWORDS} an admin's
     * {@code SELECT key, rows FROM pipit.files} would work on one database and fail on the other.
     */
    private static final List<Map.Entry<String, String>> POSTGRESQL_COMPATIBILITY = List.of(
            Map.entry("MODE", "PostgreSQL"),
            Map.entry("DATABASE_TO_LOWER", "TRUE"),
            Map.entry("DEFAULT_NULL_ORDERING", "HIGH"),
            Map.entry("NON_KEYWORDS", "KEY,ROWS,VALUE"));

    private JdbcUrls() {}

    /**
     * Resolves a relative H2 file path against the project folder (so the database lives with the project
     * whatever the working directory), puts it on the interrupt-safe file system, and appends the compatibility
     * settings the URL does not set itself.
     * {@code AUTO_SERVER} is added for file databases only: it lets admin commands read the file while the daemon
     * holds it, and H2 rejects it for in-memory databases. {@code WRITE_DELAY} is not set: H2 runs every setting of
     * the URL again for each new connection, and a pool that grew in the middle of an import switched the delay,
     * and with it H2's serialization threads, off. {@link DurableCommits} makes commits durable instead.
     */
    static String prepareH2(String url, Path projectDir) {
        String location = location(url);
        Map<String, String> options = options(url);
        String path = location.substring("jdbc:h2:".length());
        boolean inFile = isFile(path);
        if (inFile) {
            String file = FILE_SYSTEM.matcher(path).replaceFirst("");
            if (!file.startsWith("~") && !Path.of(file).isAbsolute()) {
                file = projectDir.resolve(file).toAbsolutePath().normalize().toString();
            }
            location = Database.H2_FILE_PREFIX + file;
        }
        POSTGRESQL_COMPATIBILITY.forEach(setting -> options.putIfAbsent(setting.getKey(), setting.getValue()));
        if (inFile) {
            options.putIfAbsent("AUTO_SERVER", "TRUE");
        }
        return withOptions(location, options);
    }

    /** {@code url} with {@code settings} in place of the settings of the same names. */
    static String withOptions(String url, Map<String, String> settings) {
        Map<String, String> options = options(url);
        options.putAll(settings);
        StringBuilder rewritten = new StringBuilder(location(url));
        options.forEach((key, value) -> rewritten.append(';').append(key).append(value.isEmpty() ? "" : "=" + value));
        return rewritten.toString();
    }

    /**
     * The file path of a prepared H2 file URL ({@code jdbc:h2:interruptsafe:/x/data/pipit;MODE=...} →
     * {@code /x/data/pipit}), without H2's {@code .mv.db}; empty for any other URL.
     */
    static Optional<Path> h2File(String preparedUrl) {
        String prefix = Database.H2_FILE_PREFIX;
        if (!preparedUrl.startsWith(prefix)) {
            return Optional.empty();
        }
        return Optional.of(Path.of(location(preparedUrl).substring(prefix.length())).toAbsolutePath());
    }

    /** Whether {@code url} is an H2 database in a file whose {@code WRITE_DELAY} the user left to Pipit. */
    static boolean isH2FileWithoutWriteDelay(String url) {
        return isFile(location(url).substring("jdbc:h2:".length())) && !options(url).containsKey("WRITE_DELAY");
    }

    /** The URL up to its settings: {@code jdbc:h2:file:./data/pipit;MODE=...} → {@code jdbc:h2:file:./data/pipit}. */
    private static String location(String url) {
        int semicolon = url.indexOf(';');
        return semicolon < 0 ? url : url.substring(0, semicolon);
    }

    private static boolean isFile(String path) {
        return !path.startsWith("mem:") && !path.startsWith("tcp:") && !path.startsWith("ssl:");
    }

    /** The URL's settings by upper-case name, in their order; a setting without {@code =} has an empty value. */
    private static Map<String, String> options(String url) {
        Map<String, String> options = new LinkedHashMap<>();
        int semicolon = url.indexOf(';');
        if (semicolon >= 0) {
            for (String option : url.substring(semicolon + 1).split(";")) {
                if (!option.isBlank()) {
                    int equals = option.indexOf('=');
                    String key = equals < 0 ? option : option.substring(0, equals);
                    options.put(key.trim().toUpperCase(Locale.ROOT), equals < 0 ? "" : option.substring(equals + 1));
                }
            }
        }
        return options;
    }

    /** The URL with any password parameter replaced, fit for logs and error messages. */
    static String mask(String url) {
        return PASSWORD.matcher(url).replaceAll("$1<masked>");
    }
}

package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the {@code {{ tb_secret("NAME") }}} and {@code {{ tb_var("NAME", "default") }}} templates of datafile
 * values. A name is looked up in the environment, then in the secrets file, then the template's default is used.
 *
 * <p>Resolved values are credentials: this class never puts one in a message, and {@link Resolved#toString()}
 * masks it. Immutable.
 */
public final class SecretResolver {
    // Quoted arguments may hold braces, as in tb_secret("KEY_JSON", "{}"), so quotes are skipped as a whole.
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{((?:[^\"'}]|\"[^\"]*\"|'[^']*'|}(?!}))*)}}");
    private static final Pattern CALL = Pattern.compile(
            "\\s*(tb_secret|tb_var)\\s*\\(\\s*(?:\"([^\"]*)\"|'([^']*)')\\s*(?:,\\s*(?:\"([^\"]*)\"|'([^']*)')\\s*)?\\)\\s*");

    private final Map<String, String> environment;
    private final Map<String, String> secretsFile;

    /**
     * @param environment usually {@link System#getenv()}; tests pass their own
     * @param secretsFile the secrets file's entries, empty for none
     */
    public SecretResolver(Map<String, String> environment, Map<String, String> secretsFile) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.secretsFile = Map.copyOf(requireNonNull(secretsFile, "secretsFile is null"));
    }

    /**
     * A resolver over {@code environment} and the properties file {@code secretsFile}.
     *
     * @param secretsFile the file named by {@code --secrets} or {@code secrets.file}, or {@code null} for none
     * @throws IOException if the file is named but cannot be read; the message names the file only
     */
    public static SecretResolver load(Map<String, String> environment, Path secretsFile) throws IOException {
        if (secretsFile == null) {
            return new SecretResolver(environment, Map.of());
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(secretsFile, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> entries = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> entries.put(name, properties.getProperty(name)));
        return new SecretResolver(environment, entries);
    }

    /**
     * Replaces every template in {@code text}. A value with at least one template is {@linkplain Resolved#sensitive()
     * sensitive}, whatever it resolved to.
     *
     * @param location where {@code text} stands, for the diagnostics
     */
    public Resolved resolve(String text, Location location) {
        requireNonNull(text, "text is null");
        requireNonNull(location, "location is null");
        List<Diagnostic> problems = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        Matcher template = TEMPLATE.matcher(text);
        boolean sensitive = false;
        int end = 0;
        while (template.find()) {
            sensitive = true;
            value.append(text, end, template.start());
            end = template.end();
            Matcher call = CALL.matcher(template.group(1));
            if (!call.matches()) {
                problems.add(Diagnostic.error(location, "unsupported template: Pipit resolves only "
                        + "{{ tb_secret(\"NAME\") }} and {{ tb_var(\"NAME\") }}, each with an optional default "
                        + "as second argument; write the value itself or one of those"));
                continue;
            }
            String function = call.group(1);
            String name = call.group(2) != null ? call.group(2) : call.group(3);
            String fallback = call.group(4) != null ? call.group(4) : call.group(5);
            String resolved = lookUp(name, fallback);
            if (resolved == null) {
                problems.add(Diagnostic.error(location, missingMessage(function, name)));
            } else {
                value.append(resolved);
            }
        }
        value.append(text, end, text.length());
        if (value.indexOf("{{") >= 0) {
            problems.add(Diagnostic.error(location, "unclosed template: write {{ tb_secret(\"NAME\") }} with both braces"));
        }
        return problems.isEmpty() ? new Resolved(value.toString(), sensitive, List.of()) : new Resolved(null, sensitive, problems);
    }

    private String lookUp(String name, String fallback) {
        String fromEnvironment = environment.get(name);
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        String fromFile = secretsFile.get(name);
        return fromFile != null ? fromFile : fallback;
    }

    private static String missingMessage(String function, String name) {
        String what = function.equals("tb_secret") ? "secret" : "variable";
        return what + " " + name + " is not set: export the environment variable " + name
                + ", add it to the secrets file (--secrets FILE or secrets.file), or give a default as in "
                + function + "(\"" + name + "\", \"...\")";
    }

    @Override
    public String toString() {
        // Names only: knowing which secrets exist is harmless, their values are not.
        return "SecretResolver[environment=" + environment.size() + " variables, secretsFile=" + secretsFile.keySet() + "]";
    }

    /**
     * The outcome of resolving one value.
     *
     * @param value the value with every template replaced, or {@code null} when {@code problems} is not empty
     * @param sensitive whether the value came (partly) from a template and must be masked
     * @param problems why the value could not be resolved; they name secrets, never values
     */
    public record Resolved(String value, boolean sensitive, List<Diagnostic> problems) {
        public Resolved {
            problems = List.copyOf(requireNonNull(problems, "problems is null"));
            if ((value == null) == problems.isEmpty()) {
                throw new IllegalArgumentException("a resolution has either a value or problems");
            }
        }

        public boolean isResolved() {
            return value != null;
        }

        @Override
        public String toString() {
            String shown = value == null ? "unresolved" : sensitive ? Setting.MASK : value;
            return "Resolved[" + shown + ", problems=" + problems + "]";
        }
    }
}

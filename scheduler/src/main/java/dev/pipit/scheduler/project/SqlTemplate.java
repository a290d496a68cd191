package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's SQL with Tinybird's typed parameters ({@code {{ String(p, 'x') }}}) turned into JDBC {@code ?} markers,
 * in the order they appear, so that a value is always bound and never pasted into the SQL. Every other template
 * form ({@code {% if %}}, {@code {{ columns(...) }}}, expressions) would need Tinybird's template engine and is
 * refused with a message.
 *
 * @param sql the SQL with one {@code ?} per parameter use
 * @param parameters one entry per {@code ?}, in order; a parameter used twice appears twice
 */
public record SqlTemplate(String sql, List<TemplateParameter> parameters) {
    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}|\\{%", Pattern.DOTALL);
    private static final Pattern CALL = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:,\\s*(.*?))?\\s*\\)\\s*",
            Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final String SUPPORTED = "write a typed parameter such as {{ String(name, 'default') }}, "
            + "{{ DateTime(since, '2024-01-01 00:00:00') }} or {{ Int32(limit, 100) }}";

    public SqlTemplate {
        requireNonNull(sql, "sql is null");
        parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
    }

    /**
     * Reads a node's SQL; a leading {@code %} line (Tinybird's "this node uses templates") is dropped.
     *
     * @throws IllegalArgumentException saying which template form is not supported and what to write instead
     */
    public static SqlTemplate parse(String text) {
        String body = text.startsWith("%") ? text.substring(1).stripLeading() : text;
        StringBuilder sql = new StringBuilder();
        List<TemplateParameter> parameters = new ArrayList<>();
        Matcher matcher = EXPRESSION.matcher(body);
        int last = 0;
        while (matcher.find()) {
            if (matcher.group(1) == null) {
                throw new IllegalArgumentException("template blocks ({% ... %}) are not supported: " + SUPPORTED);
            }
            String expression = matcher.group(1);
            parameters.add(parameter(expression));
            sql.append(body, last, matcher.start()).append('?');
            last = matcher.end();
        }
        sql.append(body.substring(last));
        return new SqlTemplate(sql.toString(), parameters);
    }

    private static TemplateParameter parameter(String expression) {
        Matcher call = CALL.matcher(expression);
        if (!call.matches()) {
            throw new IllegalArgumentException("{{" + expression + "}} is not supported: " + SUPPORTED);
        }
        String function = call.group(1);
        ParameterType type = ParameterType.ofFunction(function).orElseThrow(() -> new IllegalArgumentException(
                "{{" + expression + "}}: " + function + "() is not supported; " + SUPPORTED));
        String name = call.group(2);
        String rest = call.group(3);
        if (rest == null || rest.isBlank()) {
            return new TemplateParameter(name, type, java.util.Optional.empty());
        }
        String defaultText = firstArgument(rest, expression);
        try {
            type.parse(defaultText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("{{" + expression + "}}: the default " + e.getMessage());
        }
        return new TemplateParameter(name, type, java.util.Optional.of(defaultText));
    }

    /**
     * The default: the first argument after the name, quoted or a bare number or boolean; keyword options are
     * ignored.
     */
    private static String firstArgument(String arguments, String expression) {
        String trimmed = arguments.strip();
        Matcher quoted = QUOTED.matcher(trimmed);
        if (quoted.lookingAt()) {
            String value = quoted.group(1) != null ? quoted.group(1) : quoted.group(2);
            return value.replaceAll("\\\\(.)", "$1");
        }
        String first = trimmed.split(",", 2)[0].strip();
        if (first.startsWith("default=")) {
            return firstArgument(first.substring("default=".length()), expression);
        }
        if (NUMBER.matcher(first).matches() || first.equalsIgnoreCase("true") || first.equalsIgnoreCase("false")) {
            return first;
        }
        throw new IllegalArgumentException("{{" + expression + "}}: the default must be a quoted text, a number or "
                + "true/false, not " + first);
    }
}

package dev.pipit.scheduler.pipe;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.project.PipeDef;
import dev.pipit.scheduler.project.PipeNode;
import dev.pipit.scheduler.project.TemplateParameter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A pipe's nodes compiled into one statement: every node but the last a {@code WITH} query named after it, so that
 * a node selects from the nodes above it by name, and the last node the statement whose rows are the result. Parameters stay {@code ?}
 * markers whose values are bound.
 *
 * @param sql the statement
 * @param markers the parameter behind each {@code ?}, in order
 */
public record PipeQuery(String sql, List<TemplateParameter> markers) {
    /** A statement that starts with WITH, after any comments. */
    private static final Pattern LEADING_WITH = Pattern.compile("(?:\\s|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/)*with\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    public PipeQuery {
        requireNonNull(sql, "sql is null");
        markers = List.copyOf(requireNonNull(markers, "markers is null"));
    }

    /** The whole pipe; its result is the last node's. */
    public static PipeQuery of(PipeDef pipe) {
        return upTo(pipe, pipe.nodes().size());
    }

    /** The first {@code count} nodes, the last of them the result: preparing each in turn names the node at fault. */
    public static PipeQuery upTo(PipeDef pipe, int count) {
        List<PipeNode> nodes = pipe.nodes().subList(0, count);
        PipeNode last = nodes.get(nodes.size() - 1);
        String lastSql = withoutTrailingSemicolon(last.template().sql());
        // The last node is the statement itself, not a WITH query read back whole: H2 materializes a WITH query
        // before its first row comes (spilling a large result to a temporary file), where a plain query streams.
        // A last node with WITH queries of its own cannot follow the pipe's, so it stays one of them.
        boolean inline = !LEADING_WITH.matcher(lastSql).lookingAt();
        List<PipeNode> withQueries = inline ? nodes.subList(0, nodes.size() - 1) : nodes;
        StringBuilder sql = new StringBuilder();
        List<TemplateParameter> markers = new ArrayList<>();
        for (int i = 0; i < withQueries.size(); i++) {
            PipeNode node = withQueries.get(i);
            sql.append(i == 0 ? "WITH " : ",\n").append(node.name()).append(" AS (\n")
                    .append(withoutTrailingSemicolon(node.template().sql())).append("\n)");
            markers.addAll(node.template().parameters());
        }
        if (!withQueries.isEmpty()) {
            sql.append('\n');
        }
        if (inline) {
            sql.append(lastSql);
            markers.addAll(last.template().parameters());
        } else {
            sql.append("SELECT * FROM ").append(last.name());
        }
        return new PipeQuery(sql.toString(), markers);
    }

    /**
     * The statement marked with the run it belongs to. H2 keeps prepared statements by their text and reuses one
     * whose {@code WITH} queries hold the values bound the first time, so each run's text must differ.
     */
    public String sqlForRun(long runId) {
        return "/* pipit run " + runId + " */ " + sql;
    }

    /**
     * The value of every parameter: a given one parsed to its type, else its default.
     *
     * @param given {@code --param name=value} pairs
     * @throws IllegalArgumentException naming an unknown parameter, a bad value or a missing one
     */
    public List<Object> values(Map<String, String> given) {
        Set<String> known = new TreeSet<>();
        markers.forEach(marker -> known.add(marker.name()));
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("the pipe has no parameter " + name
                        + (known.isEmpty() ? " (it takes none)" : "; it takes " + String.join(", ", known)));
            }
        }
        List<Object> bound = new ArrayList<>();
        for (TemplateParameter marker : markers) {
            String text = given.containsKey(marker.name()) ? given.get(marker.name())
                    : marker.defaultValue().orElseThrow(() -> new IllegalArgumentException("parameter "
                            + marker.name() + " has no default: pass --param " + marker.name() + "=VALUE"));
            try {
                bound.add(marker.type().parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter " + marker.name() + ": " + e.getMessage());
            }
        }
        return bound;
    }

    /** Binds {@code values} (from {@link #values}) to the statement's markers. */
    public static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
    }

    private static String withoutTrailingSemicolon(String sql) {
        String trimmed = sql.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}

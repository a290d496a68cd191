package dev.pipit.scheduler.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The console's page frame and HTML escaping. Every value that comes from a project, a store or the database goes
 * through {@link #text(Object)}: keys, errors and quarantined values are whatever a bucket or a row held.
 */
public final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Html() {}

    /** Escapes text for an element's content or a quoted attribute. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A path segment for a link: names are identifiers, but keys and ids may hold anything. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /**
     * A whole page: the navigation, the title and the body.
     *
     * @param refreshSeconds reloads the page after that many seconds (a run in progress), or 0 for never
     */
    public static String page(String title, String body, int refreshSeconds) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + (refreshSeconds > 0 ? "<meta http-equiv=\"refresh\" content=\"" + refreshSeconds + "\">" : "")
                + "<title>" + text(title) + " · Pipit</title>"
                + "<link rel=\"stylesheet\" href=\"/static/console.css\"></head><body>"
                + "<nav><a class=\"brand\" href=\"/\">Pipit</a><a href=\"/\">Overview</a>"
                + "<a href=\"/connections\">Connections</a><a href=\"/runs\">Runs</a>"
                + "<a href=\"/metrics\">Metrics</a></nav><main><h1>" + text(title) + "</h1>" + body
                + "</main></body></html>\n";
    }

    public static String page(String title, String body) {
        return page(title, body, 0);
    }
}

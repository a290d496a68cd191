package dev.pipit.scheduler.console;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * What an endpoint answers.
 *
 * @param location where a redirect points, or {@code null}
 */
public record ConsoleResponse(int status, String contentType, byte[] body, String location) {
    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";

    public ConsoleResponse {
        requireNonNull(contentType, "contentType is null");
        requireNonNull(body, "body is null");
    }

    public static ConsoleResponse html(String page) {
        return html(200, page);
    }

    public static ConsoleResponse html(int status, String page) {
        return new ConsoleResponse(status, HTML, page.getBytes(StandardCharsets.UTF_8), null);
    }

    public static ConsoleResponse json(int status, String document) {
        return new ConsoleResponse(status, JSON, document.getBytes(StandardCharsets.UTF_8), null);
    }

    public static ConsoleResponse of(String contentType, byte[] body) {
        return new ConsoleResponse(200, contentType, body, null);
    }

    /** A 303 after a POST, so that reloading the page it leads to does not post again. */
    public static ConsoleResponse seeOther(String location) {
        return new ConsoleResponse(303, "text/plain; charset=utf-8", new byte[0], requireNonNull(location));
    }
}

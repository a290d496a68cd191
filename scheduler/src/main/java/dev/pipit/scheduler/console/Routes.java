package dev.pipit.scheduler.console;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's URL space: a method and a path pattern per endpoint, where {@code {name}} stands for one path
 * segment. The first route that matches answers.
 */
public final class Routes {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z]+}");

    private final List<Route> routes = new ArrayList<>();

    public Routes get(String pattern, Endpoint endpoint) {
        return add("GET", pattern, endpoint);
    }

    public Routes post(String pattern, Endpoint endpoint) {
        return add("POST", pattern, endpoint);
    }

    private Routes add(String method, String pattern, Endpoint endpoint) {
        String regex = PLACEHOLDER.matcher(Pattern.quote(pattern)).replaceAll("\\\\E([^/]+)\\\\Q");
        routes.add(new Route(method, Pattern.compile(regex), requireNonNull(endpoint, "endpoint is null")));
        return this;
    }

    /** The route for a request, with the path segments its placeholders captured (still URL-encoded). */
    Optional<Match> match(String method, String path) {
        for (Route route : routes) {
            Matcher matcher = route.pattern().matcher(path);
            if (route.method().equals(method) && matcher.matches()) {
                List<String> parts = new ArrayList<>();
                for (int group = 1; group <= matcher.groupCount(); group++) {
                    parts.add(matcher.group(group));
                }
                return Optional.of(new Match(route.endpoint(), parts));
            }
        }
        return Optional.empty();
    }

    /** Whether some route answers this path with another method: a 405 rather than a 404. */
    boolean knowsPath(String path) {
        return routes.stream().anyMatch(route -> route.pattern().matcher(path).matches());
    }

    record Match(Endpoint endpoint, List<String> encodedParts) {}

    private record Route(String method, Pattern pattern, Endpoint endpoint) {}
}

package dev.pipit.scheduler.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** The console's pages, actions, API and {@code /metrics}, as routes for {@link ConsoleServer}. */
public final class Console {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private Console() {}

    /** @param metrics the Prometheus text of the daemon's meters, computed when scraped */
    public static Routes routes(ConsoleContext context, Supplier<String> metrics) {
        OverviewPage overview = new OverviewPage(context);
        DataSourcePage dataSource = new DataSourcePage(context);
        ConnectionsPage connections = new ConnectionsPage(context);
        RunsPage runs = new RunsPage(context);
        byte[] css = resource("console.css");
        Routes routes = new Routes()
                .get("/", overview::render)
                .get("/datasources/{name}", dataSource::render)
                .post("/datasources/{name}/run", request -> runNow(context, request))
                .post("/datasources/{name}/retry", request -> retry(context, request))
                .post("/datasources/{name}/pause", request -> pause(context, request, true))
                .post("/datasources/{name}/resume", request -> pause(context, request, false))
                .get("/connections", connections::render)
                .post("/connections/{name}/test", connections::test)
                .get("/runs", runs::list)
                .get("/runs/{id}", runs::run)
                .get("/static/console.css", request -> ConsoleResponse.of("text/css; charset=utf-8", css))
                .get("/metrics", request -> ConsoleResponse.of(PROMETHEUS_TEXT,
                        metrics.get().getBytes(StandardCharsets.UTF_8)));
        new ApiV1(context).register(routes);
        return routes;
    }

    /** Run now: the trigger {@code bin/scheduler trigger} sends over JMX; the page then follows its progress. */
    private static ConsoleResponse runNow(ConsoleContext context, ConsoleRequest request) {
        String name = context.dataSource(request.part(0)).name();
        if (context.dataSource(name).importSpec().isEmpty()) {
            throw new IllegalArgumentException(name + " is consumed from Kafka: pause or resume it instead");
        }
        String requestId = context.control().trigger(name);
        return ConsoleResponse.seeOther("/datasources/" + Html.segment(name) + "?request=" + Html.segment(requestId));
    }

    /** Retry: what {@code bin/scheduler retry DS --key KEY} does, for one failed file of the files table. */
    private static ConsoleResponse retry(ConsoleContext context, ConsoleRequest request) {
        String name = context.dataSource(request.part(0)).name();
        String key = request.parameter("key")
                .orElseThrow(() -> new IllegalArgumentException("say which file to retry: key is missing"));
        context.control().retry(name, new String[] {key}, false);
        return ConsoleResponse.seeOther("/datasources/" + Html.segment(name) + "?status=pending");
    }

    private static ConsoleResponse pause(ConsoleContext context, ConsoleRequest request, boolean pause) {
        String name = context.dataSource(request.part(0)).name();
        if (context.dataSource(name).kafkaSpec().isEmpty()) {
            throw new IllegalArgumentException(name + " is not consumed from Kafka: only Kafka data sources pause");
        }
        if (pause) {
            context.control().pause(name);
        } else {
            context.control().resume(name);
        }
        return ConsoleResponse.seeOther("/datasources/" + Html.segment(name));
    }

    private static byte[] resource(String name) {
        try (InputStream in = Console.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from Pipit's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.pipit.scheduler.console;

/** Answers the requests of one route. */
@FunctionalInterface
public interface Endpoint {
    ConsoleResponse handle(ConsoleRequest request) throws Exception;
}

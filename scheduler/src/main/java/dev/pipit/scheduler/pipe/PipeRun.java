package dev.pipit.scheduler.pipe;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.history.RunStatus;
import java.util.List;

/**
 * How a sink or copy run ended.
 *
 * @param files the objects a sink wrote (their URIs); empty for a copy
 * @param error why it failed, or {@code null}
 */
public record PipeRun(long id, String pipe, RunStatus status, long rows, long bytes, List<String> files,
        String error) {
    public PipeRun {
        requireNonNull(pipe, "pipe is null");
        requireNonNull(status, "status is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
    }
}

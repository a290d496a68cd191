package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.history.RunStatus;
import dev.pipit.scheduler.pipe.PipeRun;
import dev.pipit.scheduler.project.PipeDef;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What {@code sink run} and {@code copy run} share: finding the pipe, and printing how its run ended. */
final class PipeRunOutput {
    private PipeRunOutput() {}

    /** The pipe of that kind, or empty after telling on {@code err} which pipes there are. */
    static Optional<PipeDef> find(LoadedProject loaded, String name, String kind, PrintWriter err) {
        PipeDef pipe = loaded.project().pipes().get(name);
        if (pipe == null || !pipe.kind().equals(kind)) {
            String known = String.join(", ", loaded.project().pipes().values().stream()
                    .filter(candidate -> candidate.kind().equals(kind)).map(PipeDef::name).toList());
            err.println(kind + " run: no " + kind + " pipe named '" + name + "' in " + loaded.project().root()
                    + (known.isEmpty() ? " (it has none)" : " (it has " + known + ")"));
            err.flush();
            return Optional.empty();
        }
        return Optional.of(pipe);
    }

    static int print(PipeRun run, boolean json, PrintWriter out) {
        if (json) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("run", run.id());
            object.put("pipe", run.pipe());
            object.put("status", ListView.lower(run.status()));
            object.put("rows", run.rows());
            object.put("bytes", run.bytes());
            object.put("files", run.files());
            object.put("error", run.error());
            JsonOutput.print(out, object);
        } else {
            out.printf("%s: run %d %s, %s%s%s%n", run.pipe(), run.id(), ListView.lower(run.status()),
                    Counts.of(run.rows(), "row"),
                    run.files().isEmpty() ? "" : ", " + Counts.of(run.files().size(), "file") + ", "
                            + Counts.of(run.bytes(), "byte"),
                    run.error() == null ? "" : " (" + run.error() + ")");
            run.files().forEach(file -> out.println("  " + file));
            out.flush();
        }
        return run.status() == RunStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.FAILED;
    }
}

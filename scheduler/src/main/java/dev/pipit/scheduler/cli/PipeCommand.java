package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.pipe.PipeHistory;
import dev.pipit.scheduler.project.PipeDef;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/scheduler pipe ls}: the project's sink and copy pipes, with their schedules and latest runs. */
@Command(name = "pipe", mixinStandardHelpOptions = true, description = "Sink and copy pipes.",
        subcommands = PipeCommand.Ls.class)
final class PipeCommand {
    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List the sink and copy pipes: where they write, when they run, how their last run ended.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        private ProjectOptions options;

        @Option(names = "--json", description = "Print a JSON array of {name, type, schedule, target, last_run, "
                + "last_status, last_rows, last_error}.")
        private boolean json;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Optional<LoadedProject> loaded = LoadedProject.load(options, null, err);
            if (loaded.isEmpty()) {
                return ExitCodes.FAILED;
            }
            List<PipeDef> pipes = List.copyOf(loaded.get().project().pipes().values());
            try (Database database = Database.open(options.config(), loaded.get().project().root())) {
                PipeHistory history = new PipeHistory(database.jdbi());
                Map<String, Optional<PipeHistory.LastRun>> last = new LinkedHashMap<>();
                pipes.forEach(pipe -> last.put(pipe.name(), history.last(pipe.name())));
                new ListView<PipeDef>(List.of("PIPE", "TYPE", "SCHEDULE", "TARGET", "LAST RUN", "STATUS", "ROWS"),
                        pipe -> new Object[] {pipe.name(), pipe.kind(), schedule(pipe), target(pipe),
                            last.get(pipe.name()).map(run -> run.id() + " at " + run.startedAt()).orElse("-"),
                            last.get(pipe.name()).map(PipeHistory.LastRun::status).orElse("-"),
                            last.get(pipe.name()).map(run -> (Object) run.rows()).orElse("-")},
                        pipe -> json(pipe, last.get(pipe.name())),
                        "No sink or copy pipes in " + loaded.get().project().root() + ".")
                        .print(spec.commandLine().getOut(), pipes, json);
            }
            return ExitCodes.OK;
        }

        private static String schedule(PipeDef pipe) {
            return pipe.cron().orElse("@on-demand");
        }

        private static String target(PipeDef pipe) {
            if (pipe.topicSink().isPresent()) {
                return pipe.topicSink().get().connection() + ": topic " + pipe.topicSink().get().topic();
            }
            return pipe.sink().map(sink -> sink.connection() + ": " + sink.prefix().objectUri(
                            dev.pipit.spi.connector.BucketAddress.literalPrefix(sink.prefix().keyPattern())
                                    + sink.fileTemplate()))
                    .orElseGet(() -> pipe.copy().orElseThrow().target() + " ("
                            + ListView.lower(pipe.copy().orElseThrow().mode()) + ")");
        }

        private static Map<String, Object> json(PipeDef pipe, Optional<PipeHistory.LastRun> last) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("name", pipe.name());
            object.put("type", pipe.kind());
            object.put("schedule", schedule(pipe));
            object.put("target", target(pipe));
            object.put("last_run", last.map(PipeHistory.LastRun::id).orElse(null));
            object.put("last_status", last.map(PipeHistory.LastRun::status).orElse(null));
            object.put("last_rows", last.map(PipeHistory.LastRun::rows).orElse(null));
            object.put("last_error", last.map(PipeHistory.LastRun::error).orElse(null));
            return object;
        }
    }
}

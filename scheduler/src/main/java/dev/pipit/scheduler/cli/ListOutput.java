package dev.pipit.scheduler.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --json} flag of the commands that print a list, and the printing: a table, or a JSON array. */
final class ListOutput {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    <T> void print(ListView<T> view, List<T> items) {
        view.print(spec.commandLine().getOut(), items, json);
    }
}

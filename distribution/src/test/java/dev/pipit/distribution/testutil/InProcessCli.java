package dev.pipit.distribution.testutil;

import dev.pipit.scheduler.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** {@code bin/scheduler}'s command tree run in the test's own process, its output added to the test's writers. */
public final class InProcessCli {
    private InProcessCli() {}

    /**
     * @param arguments the command and its arguments
     * @param options what the test adds to every command, such as {@code --project DIR}
     * @return the exit code
     */
    public static int execute(StringWriter out, StringWriter err, String[] arguments, String... options) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of(options));
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(all.toArray(String[]::new));
    }
}

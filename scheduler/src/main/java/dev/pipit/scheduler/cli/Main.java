package dev.pipit.scheduler.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/scheduler}: the daemon and every admin command. Each subcommand is a class of its own. */
@Command(
        name = "scheduler",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Pipit: loads Tinybird-style datafile projects into your own database, on schedule and exactly once.",
        subcommands = {CommandLine.HelpCommand.class, CheckCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, shared with tests so they run commands exactly as {@code bin/scheduler} does. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }
}

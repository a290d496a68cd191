package dev.pipit.scheduler.cli.connection;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/scheduler connection}: work on {@code .connection} files. */
@Command(name = "connection", mixinStandardHelpOptions = true,
        description = "Create .connection files.",
        subcommands = {CreateConnectionCommand.class, CommandLine.HelpCommand.class})
public final class ConnectionCommand {}

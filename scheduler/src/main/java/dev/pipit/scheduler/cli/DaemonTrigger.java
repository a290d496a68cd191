package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.admin.JmxClient;
import dev.pipit.scheduler.admin.JmxSettings;
import java.io.IOException;
import java.io.PrintWriter;

/** Queues a run on the running daemon for the commands whose {@code --now} asks for one. */
final class DaemonTrigger {
    private DaemonTrigger() {}

    static int queue(ProjectOptions options, String dataSource, PrintWriter out, PrintWriter err) {
        try (JmxClient client = JmxClient.connect(JmxSettings.from(options.config()))) {
            out.println("Queued a run of " + dataSource + " (request " + client.control().trigger(dataSource) + ").");
            out.flush();
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("no daemon answers (" + e.getMessage() + "); the files are pending and the next run "
                    + "(bin/scheduler run " + dataSource + ") takes them");
            return ExitCodes.UNAVAILABLE;
        }
    }
}

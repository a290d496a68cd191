package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.daemon.StopRequest;
import dev.pipit.scheduler.db.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * What Ctrl-C (or SIGTERM, SIGHUP) does to a command that has no stop of its own ({@code sql}, {@code status},
 * {@code retry}, ...): one line naming the command, the database closed under the command's statement (whose
 * transaction rolls back), and the exit status the signal gives (130, 143). What the command prints after the signal
 * is dropped: it would be the errors of that close, or of H2's own shutdown hook closing the database ("Database is
 * already closed (to disable automatic closing at VM shutdown, add ...)", advice that would mislead). The database
 * is closed here rather than left to the JVM's shutdown so that its file is not left looking as if its process had
 * crashed. A second signal ends the process at once. Commands that stop on their own terms ({@code start},
 * {@code run}, {@code pipe}/{@code copy}/{@code sink run}) take the signals over with their own {@link StopRequest}.
 */
final class Interruption {
    private final PrintWriter notices;
    private final Gate gate;

    /** @param stderr where the notices go, and the command's own error output until a signal comes */
    Interruption(PrintStream stderr) {
        this.notices = new PrintWriter(stderr, true);
        this.gate = new Gate(notices);
    }

    /** The command's error output: {@code stderr} until a signal comes, nothing after. */
    PrintWriter commandErr() {
        return new PrintWriter(gate, true);
    }

    /**
     * Takes this process's stop signals for a command, until the command takes them itself.
     *
     * @param name the command's name, which the notices start with
     * @param command the command object, whose own notice ({@link InterruptNotice}) replaces "interrupted."
     */
    void takeSignals(String name, Object command) {
        String notice = command instanceof InterruptNotice own ? own.interruptNotice() : name + ": interrupted.";
        StopRequest request = StopRequest.fromSignals(notices, notice, name + ": stopping at once.");
        request.onRequest(() -> {
            gate.shut();
            Database.closeEveryOpen();
            System.exit(request.exitStatus(ExitCodes.FAILED));
        });
    }

    /** Passes writes on until it is shut. */
    private static final class Gate extends Writer {
        private final Writer out;
        private volatile boolean open = true;

        Gate(Writer out) {
            this.out = out;
        }

        void shut() {
            open = false;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            if (open) {
                out.write(chars, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            if (open) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

package dev.pipit.scheduler.cli;

/** A command for which Ctrl-C means more than "interrupted", and says what in its own words (see {@link Interruption}). */
interface InterruptNotice {
    /** The line printed when a stop signal ends the command. */
    String interruptNotice();
}

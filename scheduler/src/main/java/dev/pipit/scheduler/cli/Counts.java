package dev.pipit.scheduler.cli;

/** Counts as people read them in summaries: "1 file", "2 files". */
final class Counts {
    private Counts() {}

    static String of(long count, String noun) {
        return count + " " + (count == 1 ? noun : noun + "s");
    }
}

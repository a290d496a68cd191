package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A {@code .connection} or {@code .datasource} file split into its entries, before any value means anything.
 *
 * @param file the file relative to the project, with {@code /} separators
 * @param entries the {@code KEY value} lines and {@code KEY >} blocks in file order, each key once
 */
record Datafile(String file, List<Entry> entries) {
    Datafile {
        requireNonNull(file, "file is null");
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
    }

    Optional<Entry> entry(String key) {
        return entries.stream().filter(entry -> entry.key().equals(key)).findFirst();
    }

    /**
     * One entry.
     *
     * @param key upper case
     * @param value the value with its quotes removed and templates still in place; for a block, its lines dedented
     *     and joined with {@code \n}
     * @param location the key's line
     * @param block a block's lines as written, with their numbers; empty for a {@code KEY value} line
     * @param isBlock whether the entry was written {@code KEY >}
     */
    record Entry(String key, String value, Location location, List<BlockLine> block, boolean isBlock) {
        Entry {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
            requireNonNull(location, "location is null");
            block = List.copyOf(requireNonNull(block, "block is null"));
        }
    }

    /** A line inside a block, kept with its number so that columns can report their own line. */
    record BlockLine(int number, String text) {
        BlockLine {
            requireNonNull(text, "text is null");
        }
    }
}

package dev.pipit.scheduler.run;

import dev.pipit.scheduler.ledger.LedgerFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the files of a run, in key order, into the groups that share a transaction
 * ({@code import.files-per-commit}, {@code import.bytes-per-commit}). A file of unknown size, or one that alone
 * reaches the byte limit, is a group of its own: one large file's commit costs little beside its rows.
 */
final class FileGroups {
    private FileGroups() {}

    static List<List<LedgerFile>> of(List<LedgerFile> files, int maxFiles, long maxBytes) {
        List<List<LedgerFile>> groups = new ArrayList<>();
        List<LedgerFile> group = new ArrayList<>();
        long groupBytes = 0;
        for (LedgerFile file : files) {
            long size = file.size() == null ? Long.MAX_VALUE : file.size();
            boolean fits = group.size() < maxFiles && size < maxBytes && groupBytes + size <= maxBytes;
            if (!fits && !group.isEmpty()) {
                groups.add(List.copyOf(group));
                group.clear();
                groupBytes = 0;
            }
            group.add(file);
            groupBytes += Math.min(size, maxBytes);
        }
        if (!group.isEmpty()) {
            groups.add(List.copyOf(group));
        }
        return groups;
    }

    /** Each file in a group of its own. */
    static <F> List<List<F>> singles(List<F> files) {
        return files.stream().map(List::of).toList();
    }
}

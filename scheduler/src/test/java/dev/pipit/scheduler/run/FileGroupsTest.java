package dev.pipit.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.ledger.LedgerFile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileGroupsTest {
    private static final long KB = 1024;

    @Test
    void smallFilesShareATransactionUpToTheFileLimit() {
        List<LedgerFile> files = List.of(file(1, KB), file(2, KB), file(3, KB), file(4, KB), file(5, KB));

        assertThat(ids(FileGroups.of(files, 2, 1024 * KB))).isEqualTo(List.of(List.of(1L, 2L), List.of(3L, 4L),
                List.of(5L)));
    }

    @Test
    void aGroupEndsBeforeTheFileThatWouldTakeItPastTheByteLimit() {
        List<LedgerFile> files = List.of(file(1, 40 * KB), file(2, 40 * KB), file(3, 40 * KB), file(4, 10 * KB));

        assertThat(ids(FileGroups.of(files, 20, 100 * KB))).isEqualTo(List.of(List.of(1L, 2L), List.of(3L, 4L)));
    }

    @Test
    void aLargeFileOrOneOfUnknownSizeIsAloneAndKeyOrderIsKept() {
        List<LedgerFile> files = List.of(file(1, KB), file(2, 100 * KB), file(3, KB), file(4, null), file(5, KB),
                file(6, KB));

        assertThat(ids(FileGroups.of(files, 20, 100 * KB))).isEqualTo(List.of(List.of(1L), List.of(2L), List.of(3L),
                List.of(4L), List.of(5L, 6L)));
    }

    @Test
    void oneFilePerCommitIsEachFileAlone() {
        List<LedgerFile> files = List.of(file(1, KB), file(2, KB));

        assertThat(FileGroups.of(files, 1, 1024 * KB)).isEqualTo(FileGroups.singles(files));
    }

    private static List<List<Long>> ids(List<List<LedgerFile>> groups) {
        return groups.stream().map(group -> group.stream().map(LedgerFile::id).toList()).toList();
    }

    private static LedgerFile file(long id, Long size) {
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        return new LedgerFile(id, "events", "bucket", "in/" + id + ".csv", "s3://bucket/in/" + id + ".csv", size,
                null, now, FileStatus.PENDING, null, null, null, null, null, now, now, 0, null, 1, null);
    }
}

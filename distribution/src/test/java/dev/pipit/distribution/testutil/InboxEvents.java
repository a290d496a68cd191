package dev.pipit.distribution.testutil;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.testkit.db.Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

/**
 * A project whose one data source, {@code events} ({@code id Int64}, {@code @on-demand}), reads every file of the
 * local folder {@code inbox/events}, on a new database of {@code backend}: for in-process tests of how files are
 * taken, with the ledger's counters of each file.
 */
public final class InboxEvents implements AutoCloseable {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private final Path dir;
    private final Database database;

    private InboxEvents(Path dir, Database database) {
        this.dir = dir;
        this.database = database;
    }

    public static InboxEvents open(Backend backend, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("connections"));
        Files.createDirectories(dir.resolve("datasources"));
        Files.createDirectories(dir.resolve("inbox/events"));
        Files.writeString(dir.resolve("connections/inbox.connection"), "TYPE local\n");
        Files.writeString(dir.resolve("datasources/events.datasource"), """
                SCHEMA >
                    `id` Int64

                IMPORT_CONNECTION_NAME inbox
                IMPORT_BUCKET_URI file://./inbox/events/*
                IMPORT_SCHEDULE @on-demand
                IMPORT_STRATEGY APPEND
                """);
        return new InboxEvents(dir, Database.open(PipitConfig.of(backend.freshSettings()), dir));
    }

    public Database database() {
        return database;
    }

    /** Writes a file modified {@code second} seconds after a fixed moment: files are taken in that order. */
    public void land(String name, int second, String content) throws IOException {
        land(name, second, content.getBytes(StandardCharsets.UTF_8));
    }

    public void land(String name, int second, byte[] content) throws IOException {
        Path file = dir.resolve("inbox/events").resolve(name);
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(second)));
    }

    public List<LedgerFile> ledger() {
        return new FileLedger(database.jdbi()).list("events", null, 0);
    }

    public LedgerFile file(String name) {
        return ledger().stream().filter(file -> file.uri().endsWith("/" + name)).findFirst().orElseThrow();
    }

    /** The file's {@code attempts} and {@code unfinished_attempts}. */
    public List<Integer> counters(String name) {
        return counters(file(name));
    }

    public List<Integer> counters(LedgerFile file) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT attempts, unfinished_attempts FROM pipit.files WHERE id = :id")
                .bind("id", file.id())
                .map((rs, ctx) -> List.of(rs.getInt(1), rs.getInt(2)))
                .one());
    }

    /** The ids in the table, in order. */
    public List<Long> ids() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM events ORDER BY id")
                .mapTo(Long.class).list());
    }

    @Override
    public void close() {
        database.close();
    }
}

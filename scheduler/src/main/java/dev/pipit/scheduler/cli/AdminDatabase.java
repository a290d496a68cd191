package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.db.Database;

/** Opens the database the way every admin command does: from config, relative to the project folder. */
final class AdminDatabase {
    private AdminDatabase() {}

    static Database open(ProjectOptions options) {
        return Database.open(options.config(), options.projectDir());
    }
}

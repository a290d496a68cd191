package dev.pipit.scheduler.cli.datasource;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.project.ColumnDef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of a new {@code .datasource} file and its writing: whole or not at all, so that neither a failure
 * nor a daemon reading the folder meanwhile ever sees half a file.
 *
 * @param description the {@code DESCRIPTION} text, one line
 * @param columns the {@code SCHEMA} columns
 * @param sortingKey the {@code ENGINE_SORTING_KEY}
 * @param settings the {@code IMPORT_*} or {@code KAFKA_*} settings, in the order they are written
 */
record DataSourceFile(String description, List<ColumnDef> columns, String sortingKey, Map<String, String> settings) {
    DataSourceFile {
        requireNonNull(description, "description is null");
        columns = List.copyOf(columns);
        requireNonNull(sortingKey, "sortingKey is null");
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    String render() {
        StringBuilder text = new StringBuilder("DESCRIPTION >\n    ").append(description).append("\n\nSCHEMA >\n");
        for (int i = 0; i < columns.size(); i++) {
            ColumnDef column = columns.get(i);
            text.append("    `").append(column.name()).append("` ").append(column.type());
            if (column.jsonPath() != null) {
                text.append(" `json:").append(column.jsonPath()).append('`');
            }
            text.append(i < columns.size() - 1 ? ",\n" : "\n");
        }
        text.append("\nENGINE \"MergeTree\"\nENGINE_SORTING_KEY \"").append(sortingKey).append("\"\n\n");
        settings.forEach((key, value) -> text.append(key).append(' ').append(value).append('\n'));
        return text.toString();
    }

    /**
     * Writes the file through a temporary file in the same folder, moved into place in one step.
     *
     * @throws FileAlreadyExistsException when {@code target} exists and {@code replace} is false
     */
    void write(Path target, boolean replace) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        if (!replace && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, render(), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}

package dev.pipit.scheduler.run;

import dev.pipit.scheduler.catalog.ColumnNames;
import dev.pipit.scheduler.catalog.JsonValues;
import dev.pipit.scheduler.catalog.TypeGuess;
import dev.pipit.scheduler.load.InferredColumns;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.JsonPath;
import dev.pipit.scheduler.project.Location;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fields of a file's first records with their guessed ClickHouse types: what schema inference and evolution
 * read, in a pass of their own, before the file's transaction, and what {@code datasource analyze} and
 * {@code datasource create} show and write, so that what they say is what an import creates. Records the format
 * could not read are left out.
 *
 * @param fields the fields in file order: the header's, or each name in the order records first show it, or one
 *     per position in a file without names
 * @param positional whether fields have positions only (a CSV without a header)
 * @param records how many readable records were sampled
 * @param declared whether the file declared its fields' types (a Parquet schema), so no record was sampled
 */
public record FileSample(List<Field> fields, boolean positional, long records, boolean declared) {
    /** How many records a sample reads at most: enough to meet the empties and the odd float, fast on any file. */
    public static final int MAX_RECORDS = 1000;
    /** How many values of each field a sample keeps to show. */
    static final int EXAMPLES = 3;

    /**
     * One field of the sample.
     *
     * @param name the field's name in the file, or {@code null} in a positional file
     * @param position its 0-based position among the sample's fields
     * @param type the guessed ClickHouse type, {@code Nullable} when a sampled record lacked a value
     * @param examples the first few values that were not empty, as text (nested values as JSON)
     */
    public record Field(String name, int position, String type, List<String> examples) {
        public Field {
            examples = List.copyOf(examples);
        }
    }

    /**
     * A column inference would make of a field.
     *
     * @param field the field it reads
     * @param column the column: its name (rewritten where SQL cannot hold the field's), type and json path
     */
    public record Inferred(Field field, ColumnDef column) {}

    public FileSample {
        fields = List.copyOf(fields);
    }

    /**
     * The fields with the types the file declares, when it declares them; else reads up to {@code maxRecords}
     * records from the reader's current position and guesses.
     */
    public static FileSample read(FormatReader reader, int maxRecords) throws IOException {
        return read(reader, maxRecords, false);
    }

    /**
     * As {@link #read(FormatReader, int)}, but a file that declares its types also has its first records read,
     * for the examples a person is shown; an import never needs them, and skips reading a row group for them.
     */
    public static FileSample readWithExamples(FormatReader reader, int maxRecords) throws IOException {
        return read(reader, maxRecords, true);
    }

    private static FileSample read(FormatReader reader, int maxRecords, boolean examplesOfDeclared)
            throws IOException {
        List<String> declaredTypes = reader.fieldTypes();
        if (!declaredTypes.isEmpty()) {
            return declared(reader, declaredTypes, examplesOfDeclared ? EXAMPLES : 0);
        }
        boolean positional = reader.positional();
        Map<Object, Candidate> candidates = new LinkedHashMap<>();
        reader.fieldNames().forEach(name -> candidates.put(name, new Candidate(name)));
        boolean typed = false;
        long records = 0;
        SourceRow record;
        while (records < maxRecords && (record = reader.read()) != null) {
            if (record.error() != null) {
                continue;
            }
            records++;
            List<String> names = record.fieldNames().isEmpty() ? reader.fieldNames() : record.fieldNames();
            typed |= !record.fieldNames().isEmpty();
            if (positional) {
                for (int i = 0; i < record.fieldCount(); i++) {
                    typed |= candidates.computeIfAbsent(i, key -> new Candidate(null)).add(record.field(i));
                }
            } else {
                for (String name : names) {
                    typed |= candidates.computeIfAbsent(name, key -> new Candidate(name)).add(record.field(name));
                }
            }
        }
        List<Field> fields = new ArrayList<>();
        for (Candidate candidate : candidates.values()) {
            if (candidate.seen < records) {
                candidate.guess.addMissing();
            }
            fields.add(new Field(candidate.name, fields.size(), candidate.guess.type(!typed), candidate.examples));
        }
        return new FileSample(fields, positional, records, false);
    }

    /** The file's declared fields, with examples from its first {@code exampleRecords} records. */
    private static FileSample declared(FormatReader reader, List<String> declaredTypes, int exampleRecords)
            throws IOException {
        List<List<String>> examples = new ArrayList<>();
        declaredTypes.forEach(type -> examples.add(new ArrayList<>()));
        long records = 0;
        SourceRow record;
        while (records < exampleRecords && (record = reader.read()) != null) {
            records++;
            for (int i = 0; i < declaredTypes.size(); i++) {
                addExample(examples.get(i), record.field(reader.fieldNames().get(i)));
            }
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < declaredTypes.size(); i++) {
            fields.add(new Field(reader.fieldNames().get(i), i, declaredTypes.get(i), examples.get(i)));
        }
        return new FileSample(fields, false, records, true);
    }

    /**
     * The columns inference makes of the fields no column of {@code current} takes yet, in field order. A
     * file's first import (the schema reference) calls it with no current columns; a later file's evolution with
     * the table's, and {@code evolving} makes the new columns {@code Nullable}, since the rows already in the
     * table have no value for them.
     *
     * @param location where the columns are declared, for messages
     * @param leftOut told of each field no json path can name, which no column can read
     */
    public List<Inferred> columns(List<ColumnDef> current, boolean evolving, Location location,
            Consumer<String> leftOut) {
        List<String> taken = new ArrayList<>(current.stream().map(ColumnDef::name).toList());
        List<Inferred> added = new ArrayList<>();
        for (Field field : fields) {
            if (isMapped(field, current)) {
                continue;
            }
            String path = positional ? null : InferredColumns.pathOf(field.name());
            if (!positional && path == null) {
                leftOut.accept(field.name());
                continue;
            }
            String name = ColumnNames.forField(positional ? ColumnNames.positional(field.position()) : field.name(),
                    taken);
            String type = evolving && !field.type().startsWith("Nullable(") ? "Nullable(" + field.type() + ")"
                    : field.type();
            taken.add(name);
            added.add(new Inferred(field, new ColumnDef(name, type, path, null, null, location)));
        }
        return added;
    }

    /** Whether a column already takes this field: by position in a file without names, else by its path's root. */
    private boolean isMapped(Field field, List<ColumnDef> current) {
        if (positional) {
            return field.position() < current.size();
        }
        for (ColumnDef column : current) {
            String root = column.jsonPath() == null ? column.name() : JsonPath.parse(column.jsonPath()).rootField();
            if (field.name().equals(root)) {
                return true;
            }
        }
        return false;
    }

    private static void addExample(List<String> examples, Object value) {
        if (examples.size() >= EXAMPLES || value == null) {
            return;
        }
        String text = value instanceof List<?> || value instanceof Map<?, ?> ? JsonValues.write(value) : value.toString();
        if (!text.isBlank()) {
            examples.add(text);
        }
    }

    /** One field's guess while sampling. */
    private static final class Candidate {
        private final String name;
        private final TypeGuess guess = new TypeGuess();
        private final List<String> examples = new ArrayList<>(EXAMPLES);
        private long seen;

        Candidate(String name) {
            this.name = name;
        }

        /**
         * @return whether the value shows the format is typed: text formats return only strings (see
         *     {@link SourceRow}), so any other value means strings there are just strings
         */
        boolean add(Object value) {
            seen++;
            guess.add(value);
            addExample(examples, value);
            return value != null && !(value instanceof CharSequence);
        }
    }
}

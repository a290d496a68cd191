package dev.pipit.scheduler.run;

import dev.pipit.scheduler.catalog.TypeGuess;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a file's first records with their guessed ClickHouse types: what schema inference and evolution
 * read, in a pass of their own, before the file's transaction. Records the format could not read are left out.
 *
 * @param fields the fields in file order: the header's, or each name in the order records first show it, or one
 *     per position in a file without names
 * @param positional whether fields have positions only (a CSV without a header)
 * @param records how many readable records were sampled
 * @param declared whether the file declared its fields' types (a Parquet schema), so no record was sampled
 */
record FileSample(List<Field> fields, boolean positional, long records, boolean declared) {
    /** How many records a sample reads at most: enough to meet the empties and the odd float, fast on any file. */
    static final int MAX_RECORDS = 1000;

    /**
     * One field of the sample.
     *
     * @param name the field's name in the file, or {@code null} in a positional file
     * @param position its 0-based position among the sample's fields
     * @param type the guessed ClickHouse type, {@code Nullable} when a sampled record lacked a value
     */
    record Field(String name, int position, String type) {}

    FileSample {
        fields = List.copyOf(fields);
    }

    /**
     * The fields with the types the file declares, when it declares them; else reads up to {@code maxRecords}
     * records from the reader's current position and guesses.
     */
    static FileSample read(FormatReader reader, int maxRecords) throws IOException {
        List<String> declaredTypes = reader.fieldTypes();
        if (!declaredTypes.isEmpty()) {
            List<Field> fields = new ArrayList<>();
            for (int i = 0; i < declaredTypes.size(); i++) {
                fields.add(new Field(reader.fieldNames().get(i), i, declaredTypes.get(i)));
            }
            return new FileSample(fields, false, 0, true);
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
            fields.add(new Field(candidate.name, fields.size(), candidate.guess.type(!typed)));
        }
        return new FileSample(fields, positional, records, false);
    }

    /** One field's guess while sampling. */
    private static final class Candidate {
        private final String name;
        private final TypeGuess guess = new TypeGuess();
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
            return value != null && !(value instanceof CharSequence);
        }
    }
}

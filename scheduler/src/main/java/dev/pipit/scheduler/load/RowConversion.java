package dev.pipit.scheduler.load;

import dev.pipit.scheduler.catalog.InvalidValueException;
import dev.pipit.scheduler.catalog.ValueConverter;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a file's records into a data source's rows: each column's source value by its mapping, converted to the
 * column's type, or the reasons the record goes to quarantine. The one conversion both the import and
 * {@code datasource preview} use, so that a preview shows exactly what an import stores. It touches no database
 * and keeps no state, so several threads may convert with one conversion at once.
 */
public final class RowConversion {
    /** The quarantine column name for errors about the whole record rather than one value. */
    private static final String WHOLE_RECORD = "";

    private final ColumnMapping mapping;
    private final List<ValueConverter> converters;

    private RowConversion(ColumnMapping mapping, List<ValueConverter> converters) {
        this.mapping = mapping;
        this.converters = converters;
    }

    /** For the records of {@code reader}, a file's. */
    public static RowConversion of(List<ColumnDef> schema, FormatReader reader) {
        return of(schema, reader.fieldNames(), reader.positional(), reader.recordsFollowFieldNames());
    }

    /** For records that carry their own names (a stream's JSON messages). */
    public static RowConversion ofNamedRecords(List<ColumnDef> schema) {
        return of(schema, List.of(), false, false);
    }

    private static RowConversion of(List<ColumnDef> schema, List<String> fieldNames, boolean positional,
            boolean recordsFollowFieldNames) {
        List<ValueConverter> converters = schema.stream().map(ColumnSpecs::of).map(ValueConverter::forColumn).toList();
        return new RowConversion(ColumnMapping.of(schema, fieldNames, positional, recordsFollowFieldNames),
                converters);
    }

    /**
     * A record converted: each column's source value, and either the row's values or why it goes to quarantine.
     *
     * @param values the row, or {@code null} when the record goes to quarantine
     * @param errors {@code null} when the row fits; else one error per column that does not fit, or one for the
     *     whole record
     */
    public record Converted(Object[] source, Object[] values, List<InvalidValueException> errors) {}

    /**
     * Converts {@code record} into a row, or into the reasons it goes to quarantine: one error per column that
     * does not fit, or one for the whole record when the format could not read it.
     */
    public Converted convert(SourceRow record) {
        Object[] source = mapping.values(record);
        if (record.error() != null) {
            return new Converted(source, null, List.of(new InvalidValueException(WHOLE_RECORD, record.error())));
        }
        Object[] converted = new Object[source.length];
        List<InvalidValueException> errors = null;
        for (int i = 0; i < source.length; i++) {
            try {
                converted[i] = converters.get(i).convert(source[i]);
            } catch (InvalidValueException e) {
                if (errors == null) {
                    errors = new ArrayList<>();
                }
                errors.add(e);
            }
        }
        return new Converted(source, errors == null ? converted : null, errors);
    }
}

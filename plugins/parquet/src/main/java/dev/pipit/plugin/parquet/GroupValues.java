package dev.pipit.plugin.parquet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/**
 * The value of one field of a Parquet record: a leaf through {@link PrimitiveValues}, a list as a {@link List}, a
 * map and a struct as a {@link Map} of names to values, nested to any depth. Values inside lists, maps and structs
 * are kept to what JSON holds, because the core stores them as JSON text.
 *
 * <p>Lists are read under the format's backward-compatibility rules, so files of old writers (two-level lists,
 * Hive's {@code array} and {@code _tuple} groups, bare repeated fields) read like those of new ones.
 */
final class GroupValues {
    private GroupValues() {}

    /** The value of {@code group}'s field {@code field}, or {@code null} when an optional field has none. */
    static Object field(Group group, int field, boolean nested) {
        Type type = group.getType().getType(field);
        int count = group.getFieldRepetitionCount(field);
        if (type.isRepetition(Type.Repetition.REPEATED)) {
            List<Object> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(value(group, field, i, type, true));
            }
            return values;
        }
        return count == 0 ? null : value(group, field, 0, type, nested);
    }

    private static Object value(Group group, int field, int index, Type type, boolean nested) {
        if (type.isPrimitive()) {
            Object value = PrimitiveValues.read(group, field, index, type.asPrimitiveType());
            return nested ? PrimitiveValues.forJson(value) : value;
        }
        Group child = group.getGroup(field, index);
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            return list(child, type.asGroupType());
        }
        if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            return map(child);
        }
        return struct(child);
    }

    private static List<Object> list(Group list, GroupType listType) {
        if (listType.getFieldCount() == 0) {
            return List.of();
        }
        Type repeated = listType.getType(0);
        int count = list.getFieldRepetitionCount(0);
        List<Object> elements = new ArrayList<>(count);
        boolean elementIsRepeated = repeated.isPrimitive()
                || repeated.asGroupType().getFieldCount() != 1
                || repeated.getName().equals("array")
                || repeated.getName().equals(listType.getName() + "_tuple");
        for (int i = 0; i < count; i++) {
            elements.add(elementIsRepeated
                    ? value(list, 0, i, repeated, true)
                    : field(list.getGroup(0, i), 0, true));
        }
        return elements;
    }

    /** Keys become text: JSON objects have no other keys. */
    private static Map<String, Object> map(Group map) {
        Map<String, Object> entries = new LinkedHashMap<>();
        if (map.getType().getFieldCount() == 0) {
            return entries;
        }
        for (int i = 0; i < map.getFieldRepetitionCount(0); i++) {
            Group entry = map.getGroup(0, i);
            Object value = entry.getType().getFieldCount() > 1 ? field(entry, 1, true) : null;
            entries.put(String.valueOf(field(entry, 0, true)), value);
        }
        return entries;
    }

    private static Map<String, Object> struct(Group struct) {
        Map<String, Object> fields = new LinkedHashMap<>();
        GroupType type = struct.getType();
        for (int i = 0; i < type.getFieldCount(); i++) {
            fields.put(type.getFieldName(i), field(struct, i, true));
        }
        return fields;
    }
}

package dev.pipit.plugin.parquet;

import java.io.UncheckedIOException;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/**
 * Assembles records as parquet's example {@code GroupRecordConverter} does, counting what each top-level field
 * holds as it grows. Pages are bounded, but a record is not: its repeated fields may run on over any number of
 * pages, and run-length encoding lets a few bytes of a page stand for millions of empty values. A field whose
 * value grows past the limit stops the file before it fills the heap.
 */
final class BoundedRecordConverter extends RecordMaterializer<Group> {
    /** What each value, list element or group costs beyond its bytes: roughly its object in memory. */
    private static final int ENTRY_BYTES = 16;

    private final MessageType schema;
    private final long maxValueBytes;
    private final long[] fieldBytes;
    private final Builder root;

    BoundedRecordConverter(MessageType schema, long maxValueBytes) {
        this.schema = schema;
        this.maxValueBytes = maxValueBytes;
        this.fieldBytes = new long[schema.getFieldCount()];
        this.root = new Builder(null, -1, schema, -1);
    }

    @Override
    public Group getCurrentRecord() {
        return root.current;
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    private void count(int field, long bytes) {
        fieldBytes[field] += bytes;
        if (fieldBytes[field] > maxValueBytes) {
            throw new UncheckedIOException(new LimitExceededException("the value of field '"
                    + schema.getFieldName(field) + "' grows past " + LimitExceededException.bytes(maxValueBytes)
                    + ", the most import.max-value-size allows"));
        }
    }

    private final class Builder extends GroupConverter {
        private final Builder parent;
        private final int index;
        private final int field;
        private final Converter[] children;
        private Group current;

        /** @param field the top-level field this group belongs to, or -1 for the record itself */
        Builder(Builder parent, int index, GroupType type, int field) {
            this.parent = parent;
            this.index = index;
            this.field = field;
            this.children = new Converter[type.getFieldCount()];
            for (int i = 0; i < children.length; i++) {
                int childField = field < 0 ? i : field;
                children[i] = type.getType(i).isPrimitive()
                        ? new Leaf(this, i, childField)
                        : new Builder(this, i, type.getType(i).asGroupType(), childField);
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return children[fieldIndex];
        }

        @Override
        public void start() {
            if (parent == null) {
                current = new SimpleGroup(schema);
                java.util.Arrays.fill(fieldBytes, 0);
            } else {
                count(field, ENTRY_BYTES);
                current = parent.current.addGroup(index);
            }
        }

        @Override
        public void end() {}
    }

    private final class Leaf extends PrimitiveConverter {
        private final Builder parent;
        private final int index;
        private final int field;

        Leaf(Builder parent, int index, int field) {
            this.parent = parent;
            this.index = index;
            this.field = field;
        }

        /** The group a value of {@code bytes} goes into, once the value is counted against its field's limit. */
        private Group counted(long bytes) {
            count(field, bytes);
            return parent.current;
        }

        @Override
        public void addBinary(Binary value) {
            counted(ENTRY_BYTES + (long) value.length()).add(index, value);
        }

        @Override
        public void addBoolean(boolean value) {
            counted(ENTRY_BYTES).add(index, value);
        }

        @Override
        public void addDouble(double value) {
            counted(ENTRY_BYTES).add(index, value);
        }

        @Override
        public void addFloat(float value) {
            counted(ENTRY_BYTES).add(index, value);
        }

        @Override
        public void addInt(int value) {
            counted(ENTRY_BYTES).add(index, value);
        }

        @Override
        public void addLong(long value) {
            counted(ENTRY_BYTES).add(index, value);
        }
    }
}

package dev.pipit.plugin.parquet;

import dev.pipit.spi.format.WriteColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** Hands a sink's rows, one value per column of the Java type its {@link WriteColumn.Type} names, to Parquet. */
final class RowWriteSupport extends WriteSupport<Object[]> {
    private final List<WriteColumn> columns;
    private final MessageType schema;
    private RecordConsumer consumer;

    RowWriteSupport(List<WriteColumn> columns) {
        this.columns = columns;
        this.schema = ExportSchema.of(columns);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, Map.of());
    }

    /** Never called with the plain configuration the writer is built with; WriteSupport still declares it. */
    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        consumer.startMessage();
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null) {
                WriteColumn column = columns.get(i);
                consumer.startField(column.name(), i);
                add(column, row[i]);
                consumer.endField(column.name(), i);
            }
        }
        consumer.endMessage();
    }

    private void add(WriteColumn column, Object value) {
        switch (column.type()) {
            case BOOLEAN -> consumer.addBoolean((Boolean) value);
            case INT8, INT16, INT32 -> consumer.addInteger(((Number) value).intValue());
            case INT64 -> consumer.addLong(((Number) value).longValue());
            case FLOAT32 -> consumer.addFloat(((Number) value).floatValue());
            case FLOAT64 -> consumer.addDouble(((Number) value).doubleValue());
            case DECIMAL -> {
                BigInteger unscaled = ((BigDecimal) value).setScale(column.scale(), RoundingMode.UNNECESSARY)
                        .unscaledValue();
                if (column.precision() <= ExportSchema.LONG_DECIMAL_DIGITS) {
                    consumer.addLong(unscaled.longValueExact());
                } else {
                    consumer.addBinary(Binary.fromConstantByteArray(unscaled.toByteArray()));
                }
            }
            case STRING -> consumer.addBinary(Binary.fromString((String) value));
            case BYTES -> consumer.addBinary(Binary.fromConstantByteArray((byte[]) value));
            case DATE -> consumer.addInteger(Math.toIntExact(((LocalDate) value).toEpochDay()));
            case TIMESTAMP -> consumer.addLong(micros(((LocalDateTime) value).toInstant(ZoneOffset.UTC)));
            case TIMESTAMP_UTC -> consumer.addLong(micros((Instant) value));
        }
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}

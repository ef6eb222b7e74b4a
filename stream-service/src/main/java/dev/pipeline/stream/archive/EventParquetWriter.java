package dev.pipeline.stream.archive;

import dev.pipeline.model.UserEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes events as {@link EventParquet#SCHEMA} rows, straight to Parquet's record consumer.
 *
 * <p>Why not parquet-hadoop's example {@code Group} writer: per row it built a {@code Group} and
 * looked every field up by name, and every writer parsed Hadoop's default XML configuration; with
 * a writer per partition of every micro-batch, that was a fifth of the stream service's CPU at
 * 10,000 events/s (JFR, BENCHMARKS.md). The ids and timestamps are all different, so they are not
 * dictionary-encoded: building a dictionary that overflows cost as much as the writing.
 */
public final class EventParquetWriter {

    /** No default resources: the writer reads nothing from Hadoop's files, it writes to a local {@link LocalParquetFile}. */
    private static final Configuration NO_HADOOP_FILES = new Configuration(false);

    private EventParquetWriter() {
    }

    /** A writer that replaces {@code file}: fsynced when closed. */
    public static ParquetWriter<UserEvent> open(Path file) throws IOException {
        return new Builder(file)
                .withConf(NO_HADOOP_FILES)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withDictionaryEncoding("event_id", false)
                .withDictionaryEncoding("event_timestamp", false)
                .withDictionaryEncoding("received_at", false)
                .build();
    }

    private static final class Builder extends ParquetWriter.Builder<UserEvent, Builder> {

        Builder(Path file) {
            super(new LocalParquetFile(file));
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<UserEvent> getWriteSupport(Configuration conf) {
            return new EventWriteSupport();
        }
    }

    /** One event, one record: the fields in the schema's order. */
    private static final class EventWriteSupport extends WriteSupport<UserEvent> {

        private RecordConsumer out;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(EventParquet.SCHEMA, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(UserEvent event) {
            out.startMessage();
            string(0, "event_id", event.eventId());
            string(1, "user_id", event.userId());
            string(2, "event_type", event.eventType().wireName());
            string(3, "product_id", event.productId());
            number(4, "price", event.price().movePointRight(2).longValueExact());
            number(5, "event_timestamp", micros(event.eventTimestamp()));
            number(6, "received_at", micros(event.receivedAt()));
            out.endMessage();
        }

        private void string(int index, String name, String value) {
            out.startField(name, index);
            out.addBinary(Binary.fromString(value));
            out.endField(name, index);
        }

        private void number(int index, String name, long value) {
            out.startField(name, index);
            out.addLong(value);
            out.endField(name, index);
        }
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}

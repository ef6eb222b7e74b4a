package dev.pipeline.stream.archive;

import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The archive's Parquet form of an event: the columns of {@code user_events}, typed as Spark reads
 * them back (strings, {@code decimal(10,2)}, UTC timestamps). The date is not a column of the file:
 * it is the folder {@code event_date=YYYY-MM-DD}, which Spark turns into a column on read.
 */
public final class EventParquet {

    public static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("event_id")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("user_id")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("event_type")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("product_id")
            .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.decimalType(2, 10)).named("price")
            .required(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                    .named("event_timestamp")
            .required(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                    .named("received_at")
            .named("user_event");

    private EventParquet() {
    }

    /** The folder of the archive an event goes to: the UTC date of its {@code event_timestamp}. */
    public static LocalDate date(UserEvent event) {
        return LocalDate.ofInstant(event.eventTimestamp(), ZoneOffset.UTC);
    }

    public static String dateFolder(LocalDate date) {
        return "event_date=" + date;
    }

    /** The event a row of the archive holds (to read it back in tests and compaction checks). */
    public static UserEvent event(Group row) {
        return new UserEvent(row.getString("event_id", 0), row.getString("user_id", 0),
                EventType.fromWireName(row.getString("event_type", 0)).orElseThrow(), row.getString("product_id", 0),
                BigDecimal.valueOf(row.getLong("price", 0), 2), instant(row.getLong("event_timestamp", 0)),
                instant(row.getLong("received_at", 0)));
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}

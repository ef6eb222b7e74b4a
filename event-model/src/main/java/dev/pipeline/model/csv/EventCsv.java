package dev.pipeline.model.csv;

import static dev.pipeline.model.EventFields.CSV_COLUMNS;
import static dev.pipeline.model.EventFields.EVENT_TIMESTAMP;
import static dev.pipeline.model.EventFields.PRODUCT_ID;
import static dev.pipeline.model.EventFields.RECEIVED_AT;
import static dev.pipeline.model.EventFields.USER_ID;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.validation.EventRejectedException;
import dev.pipeline.model.validation.EventRules;
import dev.pipeline.model.validation.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;

/**
 * The CSV form of an event, as files in {@code raw/} hold it: UTF-8, RFC 4180 quoting, one event a
 * line, columns {@link dev.pipeline.model.EventFields#CSV_COLUMNS}, timestamps ISO-8601 UTC.
 *
 * <p>Valid rows never span lines: the rules refuse CR and LF in every field, so each row this class
 * writes is one line, and a torn file can be cut back to its last newline. A file written by other
 * hands may still hold an RFC 4180 record whose quoted field spans lines; {@link #parse} reads such
 * a record whole and refuses it for the field that holds the line break. Thread-safe.
 */
public final class EventCsv {

    /** The header line, newline included. */
    public static final String HEADER = String.join(",", CSV_COLUMNS) + "\n";
    public static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.UTF_8);

    private static final CsvMapper MAPPER = new CsvMapper();
    private static final CsvSchema ROW = CsvSchema.emptySchema()
            .withoutHeader()
            .withLineSeparator("\n");
    private static final ObjectWriter ROW_WRITER = MAPPER.writerFor(String[].class).with(ROW);
    private static final ObjectReader ROW_READER = MAPPER.readerFor(String[].class).with(ROW);

    private EventCsv() {
    }

    /** The events as CSV lines (no header), UTF-8, each ending in a newline. */
    public static byte[] encode(Collection<UserEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 160);
        write(events, out);
        return out.toByteArray();
    }

    /** Writes the events as CSV lines (no header) to {@code out}. */
    public static void write(Collection<UserEvent> events, OutputStream out) {
        try (SequenceWriter rows = ROW_WRITER.writeValues(out)) {
            // All events of a request share one received_at: format it once, not once a row.
            Instant receivedAt = null;
            String receivedAtText = null;
            for (UserEvent event : events) {
                if (event.receivedAt() != null && !event.receivedAt().equals(receivedAt)) {
                    receivedAt = event.receivedAt();
                    receivedAtText = UtcTimestampText.format(receivedAt);
                }
                rows.write(fields(event, receivedAtText));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing CSV rows", e);
        }
    }

    /** One event as a CSV line, newline included. */
    public static String toLine(UserEvent event) {
        try {
            return ROW_WRITER.writeValueAsString(
                    fields(event, event.receivedAt() == null ? null : UtcTimestampText.format(event.receivedAt())));
        } catch (IOException e) {
            throw new UncheckedIOException("writing a CSV row", e);
        }
    }

    /** Whether a line (without its newline; a trailing CR is tolerated, as by {@link #parse}) is the header. */
    public static boolean isHeader(String line) {
        String body = withoutTrailingCr(line);
        return body.length() == HEADER.length() - 1 && HEADER.startsWith(body);
    }

    /**
     * Reads one CSV record into a valid event: a line without its newline (a trailing CR is
     * tolerated), or several lines joined by line breaks inside quotes, which then fail the rule of
     * the field holding them.
     *
     * @throws EventRejectedException with {@code csv_malformed} when the line is not RFC 4180,
     *     {@code csv_column_count} when it has other than seven fields, or the reason of the
     *     first field that breaks the contract
     */
    public static UserEvent parse(String line) throws EventRejectedException {
        return fromFields(split(line));
    }

    /** Splits one CSV line into its fields. */
    public static String[] split(String line) throws EventRejectedException {
        String body = withoutTrailingCr(line);
        if (isPlain(body)) {
            return splitPlain(body);
        }
        String[] fields;
        try (JsonParser rows = ROW_READER.createParser(body)) {
            fields = ROW_READER.readValue(rows);
            // Reading only the first row would silently drop whatever follows a CR or LF outside quotes.
            if (rows.nextToken() != null) {
                throw new EventRejectedException(Reason.CSV_MALFORMED,
                        "line holds more than one row (a line break outside quotes)");
            }
        } catch (IOException | RuntimeException e) {
            throw new EventRejectedException(Reason.CSV_MALFORMED, "line is not valid CSV: " + firstLine(e.getMessage()));
        }
        if (fields == null || fields.length != CSV_COLUMNS.size()) {
            throw wrongColumnCount(fields == null ? 0 : fields.length);
        }
        return fields;
    }

    /**
     * A non-empty line without quotes or line breaks: RFC 4180 gives its fields by splitting at every
     * comma, exactly as the full parser would, at a fraction of its cost. Nearly every row the
     * collector writes is one.
     */
    private static boolean isPlain(String body) {
        // indexOf is an intrinsic: far cheaper than a loop over the characters.
        return !body.isEmpty() && body.indexOf('"') < 0 && body.indexOf('\r') < 0 && body.indexOf('\n') < 0;
    }

    private static String[] splitPlain(String body) throws EventRejectedException {
        String[] fields = new String[CSV_COLUMNS.size()];
        int count = 0;
        int start = 0;
        for (int i = 0; i <= body.length(); i++) {
            if (i == body.length() || body.charAt(i) == ',') {
                if (count < fields.length) {
                    fields[count] = body.substring(start, i);
                }
                count++;
                start = i + 1;
            }
        }
        if (count != fields.length) {
            throw wrongColumnCount(count);
        }
        return fields;
    }

    private static EventRejectedException wrongColumnCount(int count) {
        return new EventRejectedException(Reason.CSV_COLUMN_COUNT, "line has " + count + " fields, "
                + CSV_COLUMNS.size() + " expected (" + String.join(",", CSV_COLUMNS) + ")");
    }

    /** Builds a valid event from the seven fields of a CSV row, in column order. */
    public static UserEvent fromFields(String[] f) throws EventRejectedException {
        Instant receivedAt = EventRules.parseTimestamp(RECEIVED_AT, f[6]);
        return new UserEvent(
                EventRules.eventId(f[0]),
                EventRules.identifier(USER_ID, f[1]),
                EventRules.eventType(f[2]),
                EventRules.identifier(PRODUCT_ID, f[3]),
                EventRules.parsePrice(f[4]),
                EventRules.notInFuture(EventRules.parseTimestamp(EVENT_TIMESTAMP, f[5]), receivedAt),
                receivedAt);
    }

    private static String[] fields(UserEvent event, String receivedAt) {
        if (receivedAt == null) {
            throw new IllegalArgumentException("event " + event.eventId() + " has no received_at; the collector sets it");
        }
        return new String[] {
            event.eventId(),
            event.userId(),
            event.eventType().wireName(),
            event.productId(),
            event.price().toPlainString(),
            UtcTimestampText.format(event.eventTimestamp()),
            receivedAt
        };
    }

    /** A line split on LF keeps the CR of a CRLF ending; both readers tolerate it. */
    private static String withoutTrailingCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

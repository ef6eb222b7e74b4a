package dev.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pipeline.model.csv.EventCsv;
import dev.pipeline.model.json.EventJson;
import dev.pipeline.model.validation.EventRejectedException;
import dev.pipeline.model.validation.Reason;
import dev.pipeline.model.validation.Rejection;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds event text for tests: a valid event as JSON or as a CSV line, with one field changed or
 * left out. The JSON and CSV are written by hand here, not by the code under test, so a bug in
 * {@code EventCsv.toLine} or {@code EventJson.toJson} cannot hide a bug in the readers.
 */
public final class TestEvents {

    /** The fixed time of receipt every test measures the future bound from. */
    public static final Instant RECEIVED = Instant.parse("2026-11-24T12:00:00Z");

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The contract's example event, as (field, value) in column order. */
    public static Map<String, String> valid() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(EventFields.EVENT_ID, "0192f5c8-7d7e-7cc1-9c1e-3b1f0e9a4d21");
        fields.put(EventFields.USER_ID, "u-1042");
        fields.put(EventFields.EVENT_TYPE, "add_to_cart");
        fields.put(EventFields.PRODUCT_ID, "p-311");
        fields.put(EventFields.PRICE, "19.99");
        fields.put(EventFields.EVENT_TIMESTAMP, "2026-11-24T10:15:30.123Z");
        return fields;
    }

    /** A JSON object with the valid event's fields as JSON strings, except {@code field} given as raw JSON. */
    public static String jsonWithRaw(String field, String rawJson) {
        StringBuilder out = new StringBuilder("{");
        boolean replaced = false;
        for (Map.Entry<String, String> e : valid().entrySet()) {
            String value;
            if (e.getKey().equals(field)) {
                replaced = true;
                if (rawJson == null) {
                    continue; // left out
                }
                value = rawJson;
            } else {
                value = jsonString(e.getValue());
            }
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(jsonString(e.getKey())).append(':').append(value);
        }
        if (!replaced) {
            throw new IllegalArgumentException("no field " + field);
        }
        return out.append('}').toString();
    }

    /** The valid event as JSON with {@code field} set to the JSON string {@code value}. */
    public static String jsonWith(String field, String value) {
        return jsonWithRaw(field, jsonString(value));
    }

    /** The valid event as JSON without {@code field}. */
    public static String jsonWithout(String field) {
        return jsonWithRaw(field, null);
    }

    /**
     * A JSON string literal; everything outside printable ASCII is written as a {@code \\uXXXX}
     * escape, so lone surrogates and control characters reach the parser exactly.
     */
    public static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The valid event as a CSV line (received at {@link #RECEIVED}), with {@code field} set to {@code value}. */
    public static String csvWith(String field, String value) {
        List<String> row = new ArrayList<>(valid().values());
        row.add(RECEIVED.toString());
        int index = EventFields.CSV_COLUMNS.indexOf(field);
        if (index < 0) {
            throw new IllegalArgumentException("no column " + field);
        }
        row.set(index, value);
        return csvLine(row);
    }

    /** Fields quoted as RFC 4180 requires (every field quoted, quotes doubled), no newline. */
    public static String csvLine(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (String f : fields) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append('"').append(f.replace("\"", "\"\"")).append('"');
        }
        return out.toString();
    }

    /** Reads JSON text with the collector's mapper and the fixed time of receipt. */
    public static UserEvent readJson(String json) throws EventRejectedException {
        return readJson(json, RECEIVED);
    }

    public static UserEvent readJson(String json, Instant receivedAt) throws EventRejectedException {
        try {
            return EventJson.read(EventJson.MAPPER.readTree(json), receivedAt);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rejection of JSON text, failing the test if it is accepted. */
    public static Rejection jsonRejection(String json) {
        EventRejectedException e = catchThrowableOfType(EventRejectedException.class, () -> readJson(json));
        assertThat(e).as("rejection of %s", shorten(json)).isNotNull();
        return e.rejection();
    }

    /** The rejection of a CSV line, failing the test if it is accepted. */
    public static Rejection csvRejection(String line) {
        EventRejectedException e = catchThrowableOfType(EventRejectedException.class, () -> EventCsv.parse(line));
        assertThat(e).as("rejection of %s", shorten(line)).isNotNull();
        return e.rejection();
    }

    public static Reason jsonReason(String json) {
        return jsonRejection(json).reason();
    }

    public static Reason csvReason(String line) {
        return csvRejection(line).reason();
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private TestEvents() {
    }
}

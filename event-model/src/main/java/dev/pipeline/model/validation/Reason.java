package dev.pipeline.model.validation;

/**
 * Stable reason codes for rejected events. The code is what tools and dashboards group by, so a
 * code's meaning never changes; new failure kinds get new codes.
 */
public enum Reason {
    MISSING_FIELD("missing_field"),
    WRONG_TYPE("wrong_type"),
    EVENT_ID_FORMAT("event_id_format"),
    TOO_LONG("too_long"),
    EMPTY("empty"),
    CONTROL_CHARACTER("control_character"),
    /** A string holds an unpaired UTF-16 surrogate, which has no UTF-8 form. */
    INVALID_UNICODE("invalid_unicode"),
    EVENT_TYPE_UNKNOWN("event_type_unknown"),
    PRICE_RANGE("price_range"),
    PRICE_SCALE("price_scale"),
    TIMESTAMP_FORMAT("timestamp_format"),
    TIMESTAMP_FUTURE("timestamp_future"),
    /** A timestamp before year 1 or after year 9999: it has no ISO-8601 or PostgreSQL form. */
    TIMESTAMP_RANGE("timestamp_range"),
    CSV_COLUMN_COUNT("csv_column_count"),
    CSV_MALFORMED("csv_malformed"),
    /** A line of a file in {@code raw/} that is not valid UTF-8 (the record keeps its bytes in Base64). */
    CSV_ENCODING("csv_encoding"),
    /**
     * A tracker call (Segment, Snowplow) that is not one of the e-commerce events the pipeline stores:
     * answered as a success and kept in {@code error/}, so that nothing a tracker sends is dropped.
     */
    UNMAPPED_EVENT("unmapped_event"),
    /** A tracker call whose embedded payload (Snowplow's {@code ue_px}, {@code cx}, ...) cannot be read. */
    TRACKER_PAYLOAD("tracker_payload");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}

package dev.pipeline.model;

import java.util.List;

/** Field names of an event, the same in JSON, in CSV headers and in the {@code user_events} table. */
public final class EventFields {
    public static final String EVENT_ID = "event_id";
    public static final String USER_ID = "user_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String PRODUCT_ID = "product_id";
    public static final String PRICE = "price";
    public static final String EVENT_TIMESTAMP = "event_timestamp";
    public static final String RECEIVED_AT = "received_at";

    /** The columns of the CSV form, in order. */
    public static final List<String> CSV_COLUMNS =
            List.of(EVENT_ID, USER_ID, EVENT_TYPE, PRODUCT_ID, PRICE, EVENT_TIMESTAMP, RECEIVED_AT);

    private EventFields() {
    }
}

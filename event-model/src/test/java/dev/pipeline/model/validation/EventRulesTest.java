package dev.pipeline.model.validation;

import static dev.pipeline.model.EventFields.EVENT_ID;
import static dev.pipeline.model.EventFields.EVENT_TIMESTAMP;
import static dev.pipeline.model.EventFields.EVENT_TYPE;
import static dev.pipeline.model.EventFields.PRICE;
import static dev.pipeline.model.EventFields.PRODUCT_ID;
import static dev.pipeline.model.EventFields.USER_ID;
import static dev.pipeline.model.TestEvents.RECEIVED;
import static dev.pipeline.model.TestEvents.csvReason;
import static dev.pipeline.model.TestEvents.csvWith;
import static dev.pipeline.model.TestEvents.jsonReason;
import static dev.pipeline.model.TestEvents.jsonWith;
import static dev.pipeline.model.TestEvents.readJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.csv.EventCsv;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract's field rules, each checked through both readers: a value given as a JSON string to
 * {@code EventJson.read} and as a CSV field to {@code EventCsv.parse} must be accepted or refused
 * alike, with the same reason code, because the collector and the stream service must agree.
 */
class EventRulesTest {

    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";
    private static final String EMOJI = "\uD83D\uDE00"; // 😀, one code point, two UTF-16 chars
    private static final Instant LIMIT = RECEIVED.plus(Duration.ofHours(24));

    static Stream<Arguments> refused() {
        return Stream.of(
                // event_id
                arguments(EVENT_ID, "", Reason.EMPTY),
                arguments(EVENT_ID, "a".repeat(65), Reason.TOO_LONG),
                arguments(EVENT_ID, ID_CHARS.substring(0, 64) + "x", Reason.TOO_LONG),
                arguments(EVENT_ID, "e 1", Reason.EVENT_ID_FORMAT),
                arguments(EVENT_ID, "e/1", Reason.EVENT_ID_FORMAT),
                arguments(EVENT_ID, "e,1", Reason.EVENT_ID_FORMAT),
                arguments(EVENT_ID, "é1", Reason.EVENT_ID_FORMAT),
                arguments(EVENT_ID, "e1\u0000", Reason.EVENT_ID_FORMAT),
                arguments(EVENT_ID, "e1\n", Reason.EVENT_ID_FORMAT),
                arguments(EVENT_ID, " e1", Reason.EVENT_ID_FORMAT),
                // user_id and product_id
                arguments(USER_ID, "", Reason.EMPTY),
                arguments(PRODUCT_ID, "", Reason.EMPTY),
                arguments(USER_ID, "u".repeat(65), Reason.TOO_LONG),
                arguments(PRODUCT_ID, "p".repeat(65), Reason.TOO_LONG),
                arguments(USER_ID, EMOJI.repeat(65), Reason.TOO_LONG),
                arguments(PRODUCT_ID, EMOJI.repeat(65), Reason.TOO_LONG),
                arguments(USER_ID, "u\u0000", Reason.CONTROL_CHARACTER),
                arguments(USER_ID, "u\r1", Reason.CONTROL_CHARACTER),
                arguments(USER_ID, "u\n1", Reason.CONTROL_CHARACTER),
                arguments(USER_ID, "u\t1", Reason.CONTROL_CHARACTER),
                arguments(USER_ID, "u\u007f", Reason.CONTROL_CHARACTER),
                arguments(USER_ID, "u\u0085", Reason.CONTROL_CHARACTER),
                arguments(USER_ID, "\u001b[31m", Reason.CONTROL_CHARACTER),
                arguments(PRODUCT_ID, "p\u0000", Reason.CONTROL_CHARACTER),
                arguments(PRODUCT_ID, "p\r\n", Reason.CONTROL_CHARACTER),
                arguments(PRODUCT_ID, "\tp", Reason.CONTROL_CHARACTER),
                arguments(PRODUCT_ID, "p\u007f", Reason.CONTROL_CHARACTER),
                arguments(PRODUCT_ID, "p\u0085", Reason.CONTROL_CHARACTER),
                arguments(USER_ID, "\uD800", Reason.INVALID_UNICODE),
                arguments(USER_ID, "u\uDC00", Reason.INVALID_UNICODE),
                arguments(USER_ID, "\uDE00\uD83D", Reason.INVALID_UNICODE), // a pair in the wrong order
                arguments(PRODUCT_ID, "p\uD83D", Reason.INVALID_UNICODE),
                // event_type
                arguments(EVENT_TYPE, "", Reason.EMPTY),
                arguments(EVENT_TYPE, "click", Reason.EVENT_TYPE_UNKNOWN),
                arguments(EVENT_TYPE, "VIEW", Reason.EVENT_TYPE_UNKNOWN),
                arguments(EVENT_TYPE, " view", Reason.EVENT_TYPE_UNKNOWN),
                arguments(EVENT_TYPE, "add-to-cart", Reason.EVENT_TYPE_UNKNOWN),
                arguments(EVENT_TYPE, "view\u0000", Reason.EVENT_TYPE_UNKNOWN),
                // price, as a numeric string
                arguments(PRICE, "", Reason.EMPTY),
                arguments(PRICE, "abc", Reason.WRONG_TYPE),
                arguments(PRICE, "19,99", Reason.WRONG_TYPE),
                arguments(PRICE, " 19.99", Reason.WRONG_TYPE),
                arguments(PRICE, "NaN", Reason.WRONG_TYPE),
                arguments(PRICE, "Infinity", Reason.WRONG_TYPE),
                arguments(PRICE, "-0.01", Reason.PRICE_RANGE),
                arguments(PRICE, "100000000", Reason.PRICE_RANGE),
                arguments(PRICE, "100000000.00", Reason.PRICE_RANGE),
                arguments(PRICE, "1E+999999999", Reason.PRICE_RANGE),
                arguments(PRICE, "19.999", Reason.PRICE_SCALE),
                arguments(PRICE, "0.001", Reason.PRICE_SCALE),
                arguments(PRICE, "1E-999999999", Reason.PRICE_SCALE),
                arguments(PRICE, "1" + "0".repeat(1000), Reason.TOO_LONG),
                // event_timestamp, as a string
                arguments(EVENT_TIMESTAMP, "", Reason.EMPTY),
                arguments(EVENT_TIMESTAMP, "2026-11-24T10:15:30", Reason.TIMESTAMP_FORMAT),
                arguments(EVENT_TIMESTAMP, "2026-11-24T10:15:30.123", Reason.TIMESTAMP_FORMAT),
                arguments(EVENT_TIMESTAMP, "2026-11-24", Reason.TIMESTAMP_FORMAT),
                arguments(EVENT_TIMESTAMP, "2026-11-24 10:15:30Z", Reason.TIMESTAMP_FORMAT),
                arguments(EVENT_TIMESTAMP, "2026-11-24T10:15:30+0530", Reason.TIMESTAMP_FORMAT),
                arguments(EVENT_TIMESTAMP, "2026-11-24T10:15:30Z[Europe/Paris]", Reason.TIMESTAMP_FORMAT),
                arguments(EVENT_TIMESTAMP, "2026-02-30T10:15:30Z", Reason.TIMESTAMP_FORMAT),
                arguments(EVENT_TIMESTAMP, "yesterday", Reason.TIMESTAMP_FORMAT),
                arguments(EVENT_TIMESTAMP, "1795004130123.5", Reason.TIMESTAMP_FORMAT),
                arguments(EVENT_TIMESTAMP, "1.795004130123E12", Reason.TIMESTAMP_FORMAT),
                arguments(EVENT_TIMESTAMP, "9223372036854775808", Reason.TIMESTAMP_FORMAT),
                arguments(EVENT_TIMESTAMP, "+10000-01-01T00:00:00Z", Reason.TIMESTAMP_RANGE),
                arguments(EVENT_TIMESTAMP, "9999-12-31T23:59:59.999999999-01:00", Reason.TIMESTAMP_RANGE),
                arguments(EVENT_TIMESTAMP, "0000-12-31T23:59:59.999Z", Reason.TIMESTAMP_RANGE),
                arguments(EVENT_TIMESTAMP, "0001-01-01T00:30:00+01:00", Reason.TIMESTAMP_RANGE),
                arguments(EVENT_TIMESTAMP, String.valueOf(Long.MIN_VALUE), Reason.TIMESTAMP_RANGE),
                arguments(EVENT_TIMESTAMP, LIMIT.plusMillis(1).toString(), Reason.TIMESTAMP_FUTURE),
                arguments(EVENT_TIMESTAMP, LIMIT.plusNanos(1).toString(), Reason.TIMESTAMP_FUTURE),
                arguments(EVENT_TIMESTAMP, "2026-11-25T17:30:00.001+05:30", Reason.TIMESTAMP_FUTURE),
                arguments(EVENT_TIMESTAMP, String.valueOf(LIMIT.toEpochMilli() + 1), Reason.TIMESTAMP_FUTURE),
                arguments(EVENT_TIMESTAMP, "9999-12-31T23:59:59Z", Reason.TIMESTAMP_FUTURE));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("refused")
    void jsonRefusesWithTheReason(String field, String value, Reason reason) {
        assertThat(jsonReason(jsonWith(field, value))).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("refused")
    void csvRefusesWithTheReason(String field, String value, Reason reason) {
        assertThat(csvReason(csvWith(field, value))).isEqualTo(reason);
    }

    /** Accepted values, with what the event then holds. */
    static Stream<Arguments> accepted() {
        Function<UserEvent, Object> eventId = UserEvent::eventId;
        Function<UserEvent, Object> userId = UserEvent::userId;
        Function<UserEvent, Object> productId = UserEvent::productId;
        Function<UserEvent, Object> type = UserEvent::eventType;
        Function<UserEvent, Object> price = UserEvent::price;
        Function<UserEvent, Object> time = UserEvent::eventTimestamp;
        return Stream.of(
                arguments(EVENT_ID, "e", eventId, "e"),
                arguments(EVENT_ID, ID_CHARS.substring(0, 64), eventId, ID_CHARS.substring(0, 64)),
                arguments(EVENT_ID, ID_CHARS.substring(2, 66), eventId, ID_CHARS.substring(2, 66)),
                arguments(EVENT_ID, "a:b.c_d-e", eventId, "a:b.c_d-e"),
                arguments(USER_ID, "u".repeat(64), userId, "u".repeat(64)),
                arguments(USER_ID, EMOJI.repeat(64), userId, EMOJI.repeat(64)),
                arguments(USER_ID, "u".repeat(63) + EMOJI, userId, "u".repeat(63) + EMOJI),
                arguments(PRODUCT_ID, EMOJI.repeat(64), productId, EMOJI.repeat(64)),
                arguments(PRODUCT_ID, "é".repeat(64), productId, "é".repeat(64)),
                arguments(USER_ID, "a,b", userId, "a,b"),
                arguments(USER_ID, "say \"hi\"", userId, "say \"hi\""),
                arguments(USER_ID, "\"", userId, "\""),
                arguments(USER_ID, " lead", userId, " lead"),
                arguments(USER_ID, "trail ", userId, "trail "),
                arguments(USER_ID, "   ", userId, "   "),
                arguments(PRODUCT_ID, "Grüße, 東京 Ωμέγα", productId, "Grüße, 東京 Ωμέγα"),
                arguments(PRODUCT_ID, "\u200Fשלום\u200E", productId, "\u200Fשלום\u200E"),
                arguments(PRODUCT_ID, "e\u0301", productId, "e\u0301"),
                arguments(USER_ID, "=HYPERLINK(\"x\")", userId, "=HYPERLINK(\"x\")"),
                arguments(USER_ID, "+1", userId, "+1"),
                arguments(PRODUCT_ID, "-1", productId, "-1"),
                arguments(PRODUCT_ID, "@SUM(A1)", productId, "@SUM(A1)"),
                arguments(USER_ID, "\u00A0nbsp", userId, "\u00A0nbsp"),
                arguments(EVENT_TYPE, "view", type, EventType.VIEW),
                arguments(EVENT_TYPE, "add_to_cart", type, EventType.ADD_TO_CART),
                arguments(EVENT_TYPE, "purchase", type, EventType.PURCHASE),
                arguments(PRICE, "19.99", price, new BigDecimal("19.99")),
                arguments(PRICE, "0", price, new BigDecimal("0.00")),
                arguments(PRICE, "0.00", price, new BigDecimal("0.00")),
                arguments(PRICE, "-0", price, new BigDecimal("0.00")),
                arguments(PRICE, "0.01", price, new BigDecimal("0.01")),
                arguments(PRICE, "99999999.99", price, new BigDecimal("99999999.99")),
                arguments(PRICE, "19.990", price, new BigDecimal("19.99")),
                arguments(PRICE, "19.9900000", price, new BigDecimal("19.99")),
                arguments(PRICE, "1e2", price, new BigDecimal("100.00")),
                arguments(PRICE, "1.5E1", price, new BigDecimal("15.00")),
                arguments(PRICE, "007", price, new BigDecimal("7.00")),
                arguments(EVENT_TIMESTAMP, "2026-11-24T10:15:30.123Z", time, Instant.parse("2026-11-24T10:15:30.123Z")),
                arguments(EVENT_TIMESTAMP, "2026-11-24T10:15:30.123+05:30", time, Instant.parse("2026-11-24T04:45:30.123Z")),
                arguments(EVENT_TIMESTAMP, "2026-11-24T10:15:30-03:00", time, Instant.parse("2026-11-24T13:15:30Z")),
                arguments(EVENT_TIMESTAMP, "2026-11-24T10:15:30.123456789Z", time, Instant.parse("2026-11-24T10:15:30.123456789Z")),
                arguments(EVENT_TIMESTAMP, "1795004130123", time, Instant.ofEpochMilli(1795004130123L)),
                arguments(EVENT_TIMESTAMP, "0", time, Instant.EPOCH),
                arguments(EVENT_TIMESTAMP, "-1000", time, Instant.parse("1969-12-31T23:59:59Z")),
                arguments(EVENT_TIMESTAMP, "0001-01-01T00:00:00Z", time, Instant.parse("0001-01-01T00:00:00Z")),
                // exactly 24 h after receipt is still allowed, in every notation
                arguments(EVENT_TIMESTAMP, LIMIT.toString(), time, LIMIT),
                arguments(EVENT_TIMESTAMP, "2026-11-25T17:30:00+05:30", time, LIMIT),
                arguments(EVENT_TIMESTAMP, String.valueOf(LIMIT.toEpochMilli()), time, LIMIT));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("accepted")
    void jsonAccepts(String field, String value, Function<UserEvent, Object> get, Object expected) throws Exception {
        UserEvent event = readJson(jsonWith(field, value));
        assertThat(get.apply(event)).isEqualTo(expected);
        assertThat(event.price().scale()).isEqualTo(2);
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("accepted")
    void csvAccepts(String field, String value, Function<UserEvent, Object> get, Object expected) throws Exception {
        UserEvent event = EventCsv.parse(csvWith(field, value));
        assertThat(get.apply(event)).isEqualTo(expected);
        assertThat(event.price().scale()).isEqualTo(2);
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
    }
}

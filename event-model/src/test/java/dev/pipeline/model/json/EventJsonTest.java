package dev.pipeline.model.json;

import static dev.pipeline.model.EventFields.EVENT_ID;
import static dev.pipeline.model.EventFields.EVENT_TIMESTAMP;
import static dev.pipeline.model.EventFields.EVENT_TYPE;
import static dev.pipeline.model.EventFields.PRICE;
import static dev.pipeline.model.EventFields.PRODUCT_ID;
import static dev.pipeline.model.EventFields.USER_ID;
import static dev.pipeline.model.TestEvents.RECEIVED;
import static dev.pipeline.model.TestEvents.jsonReason;
import static dev.pipeline.model.TestEvents.jsonRejection;
import static dev.pipeline.model.TestEvents.jsonWith;
import static dev.pipeline.model.TestEvents.jsonWithRaw;
import static dev.pipeline.model.TestEvents.jsonWithout;
import static dev.pipeline.model.TestEvents.readJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.validation.Reason;
import dev.pipeline.model.validation.Rejection;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading events from JSON: what only JSON can get wrong (types, absent and null fields, numbers). */
class EventJsonTest {

    @Test
    void readsTheContractExample() throws Exception {
        String json = """
                {"event_id":"0192f5c8-7d7e-7cc1-9c1e-3b1f0e9a4d21","user_id":"u-1042",
                 "event_type":"add_to_cart","product_id":"p-311","price":19.99,
                 "event_timestamp":"2026-11-24T10:15:30.123Z"}""";

        UserEvent event = readJson(json);

        assertThat(event).isEqualTo(new UserEvent("0192f5c8-7d7e-7cc1-9c1e-3b1f0e9a4d21", "u-1042",
                EventType.ADD_TO_CART, "p-311", new BigDecimal("19.99"),
                Instant.parse("2026-11-24T10:15:30.123Z"), RECEIVED));
    }

    @ParameterizedTest
    @ValueSource(strings = {EVENT_ID, USER_ID, EVENT_TYPE, PRODUCT_ID, PRICE, EVENT_TIMESTAMP})
    void anAbsentFieldIsMissing(String field) {
        Rejection rejection = jsonRejection(jsonWithout(field));
        assertThat(rejection.reason()).isEqualTo(Reason.MISSING_FIELD);
        assertThat(rejection.message()).isEqualTo(field + " is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {EVENT_ID, USER_ID, EVENT_TYPE, PRODUCT_ID, PRICE, EVENT_TIMESTAMP})
    void aNullFieldIsMissing(String field) {
        Rejection rejection = jsonRejection(jsonWithRaw(field, "null"));
        assertThat(rejection.reason()).isEqualTo(Reason.MISSING_FIELD);
        assertThat(rejection.message()).isEqualTo(field + " is missing");
    }

    @Test
    void anEmptyObjectReportsTheFirstMissingField() {
        assertThat(jsonRejection("{}").toString()).isEqualTo("missing_field: event_id is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {EVENT_ID, USER_ID, EVENT_TYPE, PRODUCT_ID})
    void aNumberWhereAStringIsExpectedIsTheWrongType(String field) {
        Rejection rejection = jsonRejection(jsonWithRaw(field, "42"));
        assertThat(rejection.reason()).isEqualTo(Reason.WRONG_TYPE);
        assertThat(rejection.message()).isEqualTo(field + " must be a string, got a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "{}", "[\"x\"]"})
    void otherNonStringsAreTheWrongType(String raw) {
        assertThat(jsonReason(jsonWithRaw(USER_ID, raw))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(jsonReason(jsonWithRaw(EVENT_TYPE, raw))).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void aBooleanPriceIsTheWrongType() {
        Rejection rejection = jsonRejection(jsonWithRaw(PRICE, "true"));
        assertThat(rejection.toString()).isEqualTo("wrong_type: price must be a number or a numeric string, got a boolean");
        assertThat(jsonReason(jsonWithRaw(PRICE, "{\"amount\":1}"))).isEqualTo(Reason.WRONG_TYPE);
        assertThat(jsonReason(jsonWithRaw(PRICE, "[19.99]"))).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void anObjectTimestampIsTheWrongType() {
        Rejection rejection = jsonRejection(jsonWithRaw(EVENT_TIMESTAMP, "{\"epoch\":1795004130123}"));
        assertThat(rejection.reason()).isEqualTo(Reason.WRONG_TYPE);
        assertThat(rejection.message()).contains("event_timestamp", "an object");
        assertThat(jsonReason(jsonWithRaw(EVENT_TIMESTAMP, "false"))).isEqualTo(Reason.WRONG_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"event\"", "42", "null"})
    void anEventMustBeAnObject(String json) {
        Rejection rejection = jsonRejection(json);
        assertThat(rejection.reason()).isEqualTo(Reason.WRONG_TYPE);
        assertThat(rejection.message()).startsWith("an event must be a JSON object");
    }

    @Test
    void numericPricesAreExact() throws Exception {
        assertThat(readJson(jsonWithRaw(PRICE, "19.99")).price()).isEqualTo(new BigDecimal("19.99"));
        assertThat(readJson(jsonWithRaw(PRICE, "0")).price()).isEqualTo(new BigDecimal("0.00"));
        assertThat(readJson(jsonWithRaw(PRICE, "0.01")).price()).isEqualTo(new BigDecimal("0.01"));
        assertThat(readJson(jsonWithRaw(PRICE, "99999999.99")).price()).isEqualTo(new BigDecimal("99999999.99"));
        assertThat(readJson(jsonWithRaw(PRICE, "19.990")).price()).isEqualTo(new BigDecimal("19.99"));
        assertThat(readJson(jsonWithRaw(PRICE, "1e2")).price()).isEqualTo(new BigDecimal("100.00"));
        assertThat(readJson(jsonWithRaw(PRICE, "7")).price()).isEqualTo(new BigDecimal("7.00"));
        // a double would turn 0.1 + 0.2 style values into neighbours; these must come out as written
        assertThat(readJson(jsonWithRaw(PRICE, "0.29")).price()).isEqualTo(new BigDecimal("0.29"));
        assertThat(readJson(jsonWithRaw(PRICE, "12345678.91")).price()).isEqualTo(new BigDecimal("12345678.91"));
    }

    @Test
    void aPriceWithMoreThanTwoDecimalsIsRefusedNotRounded() {
        assertThat(jsonRejection(jsonWithRaw(PRICE, "19.999")).toString())
                .isEqualTo("price_scale: price 19.999 has more than 2 decimals");
        assertThat(jsonReason(jsonWithRaw(PRICE, "0.001"))).isEqualTo(Reason.PRICE_SCALE);
        assertThat(jsonReason(jsonWithRaw(PRICE, "99999999.989"))).isEqualTo(Reason.PRICE_SCALE);
    }

    @Test
    void aPriceOutsideTheRangeIsRefused() {
        assertThat(jsonReason(jsonWithRaw(PRICE, "-0.01"))).isEqualTo(Reason.PRICE_RANGE);
        assertThat(jsonReason(jsonWithRaw(PRICE, "100000000"))).isEqualTo(Reason.PRICE_RANGE);
        assertThat(jsonReason(jsonWithRaw(PRICE, "99999999.991"))).isEqualTo(Reason.PRICE_RANGE);
        assertThat(jsonReason(jsonWithRaw(PRICE, "123456789012345678901234567890"))).isEqualTo(Reason.PRICE_RANGE);
    }

    @Test
    void hugeExponentsAreRefusedQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            Rejection huge = jsonRejection(jsonWithRaw(PRICE, "1E+999999999"));
            assertThat(huge.toString()).isEqualTo("price_range: price 1E+999999999 is outside 0 to 99999999.99");
            assertThat(jsonReason(jsonWithRaw(PRICE, "-1E+999999999"))).isEqualTo(Reason.PRICE_RANGE);
            assertThat(jsonReason(jsonWithRaw(PRICE, "1E-999999999"))).isEqualTo(Reason.PRICE_SCALE);
            assertThat(jsonReason(jsonWith(PRICE, "1E+999999999"))).isEqualTo(Reason.PRICE_RANGE);
            assertThat(readJson(jsonWithRaw(PRICE, "0E+999999999")).price()).isEqualTo(new BigDecimal("0.00"));
        });
    }

    @Test
    void longNumericStringsAreRefusedQuickly() {
        // parsing a million-digit number, or stripping its zeros, takes minutes
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(jsonReason(jsonWith(PRICE, "9".repeat(1_000_000)))).isEqualTo(Reason.TOO_LONG);
            assertThat(jsonReason(jsonWith(PRICE, "1" + "0".repeat(1_000_000) + "E-1000000"))).isEqualTo(Reason.TOO_LONG);
        });
    }

    @Test
    void aNumericStringPriceIsAccepted() throws Exception {
        assertThat(readJson(jsonWith(PRICE, "19.99")).price()).isEqualTo(new BigDecimal("19.99"));
        assertThat(jsonRejection(jsonWith(PRICE, "abc")).toString())
                .isEqualTo("wrong_type: price \"abc\" is not a number");
    }

    @Test
    void epochMillisAsANumber() throws Exception {
        assertThat(readJson(jsonWithRaw(EVENT_TIMESTAMP, "1795004130123")).eventTimestamp())
                .isEqualTo(Instant.parse("2026-11-18T12:15:30.123Z"));
        assertThat(readJson(jsonWithRaw(EVENT_TIMESTAMP, "0")).eventTimestamp()).isEqualTo(Instant.EPOCH);
        Instant limit = RECEIVED.plus(Duration.ofHours(24));
        assertThat(readJson(jsonWithRaw(EVENT_TIMESTAMP, String.valueOf(limit.toEpochMilli()))).eventTimestamp())
                .isEqualTo(limit);
        assertThat(jsonReason(jsonWithRaw(EVENT_TIMESTAMP, String.valueOf(limit.toEpochMilli() + 1))))
                .isEqualTo(Reason.TIMESTAMP_FUTURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1795004130123.5", "1.795004130123E12", "1795004130123.0", "99999999999999999999999"})
    void epochMillisMustBeAWholeLong(String raw) {
        assertThat(jsonReason(jsonWithRaw(EVENT_TIMESTAMP, raw))).isEqualTo(Reason.TIMESTAMP_FORMAT);
    }

    @Test
    void epochMillisOutsideTheYearsAreOutOfRange() {
        assertThat(jsonReason(jsonWithRaw(EVENT_TIMESTAMP, String.valueOf(Long.MAX_VALUE)))).isEqualTo(Reason.TIMESTAMP_RANGE);
        assertThat(jsonReason(jsonWithRaw(EVENT_TIMESTAMP, String.valueOf(Long.MIN_VALUE)))).isEqualTo(Reason.TIMESTAMP_RANGE);
    }

    @Test
    void theFutureBoundIsMeasuredFromTheTimeOfReceipt() throws Exception {
        String json = jsonWith(EVENT_TIMESTAMP, "2030-01-01T00:00:00Z");
        assertThat(jsonReason(json)).isEqualTo(Reason.TIMESTAMP_FUTURE);
        Instant later = Instant.parse("2029-12-31T00:00:00Z");
        UserEvent event = readJson(json, later);
        assertThat(event.eventTimestamp()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(event.receivedAt()).isEqualTo(later);
    }

    @Test
    void aLoneSurrogateEscapeIsInvalidUnicode() {
        Rejection rejection = jsonRejection(jsonWithRaw(USER_ID, "\"\\ud800\""));
        assertThat(rejection.toString()).isEqualTo("invalid_unicode: user_id contains an unpaired surrogate U+D800 at position 0");
    }

    @Test
    void rawUtf8BytesAreReadAsCodePoints() throws Exception {
        String emoji64 = "\uD83D\uDE00".repeat(64);
        byte[] body = ("{\"event_id\":\"e1\",\"user_id\":\"" + emoji64 + "\",\"event_type\":\"view\","
                + "\"product_id\":\"Grüße, \\\"東京\\\"\",\"price\":1,\"event_timestamp\":\"2026-11-24T10:15:30Z\"}")
                .getBytes(StandardCharsets.UTF_8);

        UserEvent event = EventJson.read(EventJson.MAPPER.readTree(body), RECEIVED);

        assertThat(event.userId()).isEqualTo(emoji64);
        assertThat(event.productId()).isEqualTo("Grüße, \"東京\"");
    }

    @Test
    void otherFieldsAreIgnored() throws Exception {
        String json = "{\"session\":{\"id\":[1,2,3]},\"event_id\":\"e1\",\"user_id\":\"u\",\"event_type\":\"view\","
                + "\"product_id\":\"p\",\"price\":1.5,\"event_timestamp\":\"2026-11-24T10:15:30Z\","
                + "\"received_at\":\"1999-01-01T00:00:00Z\",\"Price\":\"abc\",\"referrer\":null}";

        UserEvent event = readJson(json);

        // received_at comes from the collector, never from the client
        assertThat(event).isEqualTo(new UserEvent("e1", "u", EventType.VIEW, "p", new BigDecimal("1.50"),
                Instant.parse("2026-11-24T10:15:30Z"), RECEIVED));
    }

    @Test
    void duplicatedKeysAreAParseError() {
        String json = "{\"event_id\":\"e1\",\"user_id\":\"u\",\"event_type\":\"view\",\"product_id\":\"p\","
                + "\"price\":1,\"price\":1000000000,\"event_timestamp\":\"2026-11-24T10:15:30Z\"}";
        assertThatThrownBy(() -> EventJson.MAPPER.readTree(json))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Duplicate field 'price'");
        assertThatThrownBy(() -> EventJson.MAPPER.readTree("{\"a\":{\"x\":1,\"x\":2}}"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void trailingContentIsAParseError() {
        assertThatThrownBy(() -> EventJson.MAPPER.readTree("{\"event_id\":\"e1\"} {\"event_id\":\"e2\"}"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void writesTheContractShape() throws Exception {
        UserEvent event = new UserEvent("e1", "u,\"1\"", EventType.PURCHASE, "p\u200F", new BigDecimal("19.90"),
                Instant.parse("2026-11-24T10:15:30.123456789Z"), RECEIVED);

        JsonNode json = EventJson.MAPPER.readTree(EventJson.toJson(event));

        assertThat(json.get("event_id").textValue()).isEqualTo("e1");
        assertThat(json.get("user_id").textValue()).isEqualTo("u,\"1\"");
        assertThat(json.get("event_type").textValue()).isEqualTo("purchase");
        assertThat(json.get("product_id").textValue()).isEqualTo("p\u200F");
        assertThat(json.get("price").isNumber()).as("price is a JSON number").isTrue();
        assertThat(json.get("price").decimalValue()).isEqualByComparingTo("19.9");
        assertThat(json.get("event_timestamp").textValue()).isEqualTo("2026-11-24T10:15:30.123456789Z");
        assertThat(json.get("received_at").textValue()).isEqualTo("2026-11-24T12:00:00Z");
        assertThat(json.size()).isEqualTo(7);
    }

    @Test
    void writesNoReceivedAtBeforeReceipt() throws Exception {
        UserEvent event = new UserEvent("e1", "u", EventType.VIEW, "p", new BigDecimal("0.00"),
                Instant.parse("2026-11-24T10:15:30Z"), null);

        JsonNode json = EventJson.MAPPER.readTree(EventJson.toJson(event));

        assertThat(json.has("received_at")).isFalse();
        assertThat(json.get("price").decimalValue()).isEqualByComparingTo("0");
        assertThat(EventJson.read(json, RECEIVED)).isEqualTo(event.receivedAt(RECEIVED));
    }
}

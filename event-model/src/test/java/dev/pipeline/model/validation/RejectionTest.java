package dev.pipeline.model.validation;

import static dev.pipeline.model.EventFields.EVENT_ID;
import static dev.pipeline.model.EventFields.EVENT_TIMESTAMP;
import static dev.pipeline.model.EventFields.EVENT_TYPE;
import static dev.pipeline.model.EventFields.PRICE;
import static dev.pipeline.model.EventFields.USER_ID;
import static dev.pipeline.model.TestEvents.csvRejection;
import static dev.pipeline.model.TestEvents.csvWith;
import static dev.pipeline.model.TestEvents.jsonRejection;
import static dev.pipeline.model.TestEvents.jsonWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The form of a rejection ({@code code: message}) and the safety of its message. */
class RejectionTest {

    private static final int ONE_MB = 1 << 20;

    @Test
    void toStringIsCodeColonMessage() {
        assertThat(new Rejection(Reason.PRICE_SCALE, "price 19.999 has more than 2 decimals").toString())
                .isEqualTo("price_scale: price 19.999 has more than 2 decimals");
    }

    @Test
    void theContractsExampleComesOutOfBothReaders() {
        String expected = "price_scale: price 19.999 has more than 2 decimals";
        assertThat(jsonRejection(jsonWith(PRICE, "19.999")).toString()).isEqualTo(expected);
        assertThat(csvRejection(csvWith(PRICE, "19.999")).toString()).isEqualTo(expected);
    }

    @Test
    void theExceptionMessageIsTheRejection() {
        EventRejectedException e = new EventRejectedException(Reason.EMPTY, "user_id is empty");
        assertThat(e.getMessage()).isEqualTo("empty: user_id is empty");
        assertThat(e.rejection()).isEqualTo(new Rejection(Reason.EMPTY, "user_id is empty"));
        assertThat(e.getStackTrace()).as("rejections are ordinary, no stack trace").isEmpty();
    }

    @Test
    void aRejectionNeedsAReasonAndAMessage() {
        assertThatThrownBy(() -> new Rejection(null, "m")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Rejection(Reason.EMPTY, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theContractsCodesAreSpelledAsInTheContract() {
        List<String> codes = Arrays.stream(Reason.values()).map(Reason::code).toList();
        assertThat(codes).contains("missing_field", "wrong_type", "event_id_format", "too_long", "empty",
                "control_character", "event_type_unknown", "price_range", "price_scale", "timestamp_format",
                "timestamp_future", "csv_column_count", "csv_malformed");
        assertThat(codes).doesNotHaveDuplicates().allMatch(code -> code.matches("[a-z]+(_[a-z]+)*"));
        for (Reason reason : Reason.values()) {
            assertThat(reason.toString()).isEqualTo(reason.code());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {EVENT_TYPE, EVENT_TIMESTAMP, PRICE, EVENT_ID})
    void controlCharactersInAValueAreEscapedInTheMessage(String field) {
        String value = "x\u0000\r\n\t\u001b[2J\u007f\u0085\uD800y";
        for (Rejection rejection : List.of(jsonRejection(jsonWith(field, value)), csvRejection(csvWith(field, value)))) {
            assertThat(rejection.message()).contains(field);
            assertThat(rejection.toString()).as(rejection.reason().code())
                    .doesNotContainPattern("[\\p{Cntrl}\\u0080-\\u009f]")
                    .doesNotContainPattern("[\\ud800-\\udfff]")
                    .contains("\\u0000", "\\u000D", "\\u000A", "\\u001B", "\\u0085", "\\uD800");
        }
    }

    @Test
    void theControlCharacterItselfIsNamedNotWritten() {
        Rejection rejection = jsonRejection(jsonWith(USER_ID, "u\r\n1"));
        assertThat(rejection.toString()).isEqualTo("control_character: user_id contains control character U+000D at position 1");
    }

    @Test
    void aControlCharacterOutsideQuotesIsEscapedInTheCsvMessage() {
        Rejection rejection = csvRejection("e1,\"u\"\u0085,view,p,1.00,2026-11-24T10:15:30Z,2026-11-24T12:00:00Z");
        assertThat(rejection.reason()).isEqualTo(Reason.CSV_MALFORMED);
        assertThat(rejection.toString()).doesNotContainPattern("[\\p{Cntrl}\\u0080-\\u009f]");
    }

    @ParameterizedTest
    @ValueSource(strings = {EVENT_ID, USER_ID, EVENT_TYPE, "product_id", PRICE, EVENT_TIMESTAMP})
    void aOneMegabyteValueIsNotCopiedIntoTheMessage(String field) {
        String huge = "=" + "é".repeat(ONE_MB);
        String hugeDigits = "9".repeat(ONE_MB);
        for (String value : List.of(huge, hugeDigits)) {
            Stream.of(jsonRejection(jsonWith(field, value)), csvRejection(csvWith(field, value))).forEach(rejection -> {
                assertThat(rejection.message()).contains(field);
                assertThat(rejection.toString().length()).as(rejection.toString()).isLessThan(300);
            });
        }
    }

    @Test
    void aLongValueIsCutAndItsLengthGiven() {
        Rejection rejection = jsonRejection(jsonWith(EVENT_TYPE, "v".repeat(ONE_MB)));
        assertThat(rejection.toString()).isEqualTo("event_type_unknown: event_type \"" + "v".repeat(40)
                + "…(" + ONE_MB + " chars)\" is not one of view, add_to_cart, purchase");
    }

    @Test
    void aShortValueIsShownWhole() {
        assertThat(jsonRejection(jsonWith(EVENT_TYPE, "click")).toString())
                .isEqualTo("event_type_unknown: event_type \"click\" is not one of view, add_to_cart, purchase");
    }

    @Test
    void cuttingAValueDoesNotSplitAnEmoji() {
        String value = "v".repeat(39) + "\uD83D\uDE00".repeat(10);
        String message = jsonRejection(jsonWith(EVENT_TYPE, value)).message();
        assertThat(message).doesNotContain("\\uD83D").doesNotContainPattern("[\\ud800-\\udbff](?![\\udc00-\\udfff])");
        assertThat(message).contains("v".repeat(39) + "…(" + value.length() + " chars)");
    }

    @Test
    void aOneMegabyteUnclosedCsvLineIsNotCopiedIntoTheMessage() {
        Rejection rejection = csvRejection("e1,\"" + "u".repeat(ONE_MB) + ",view,p,1.00,2026-11-24T10:15:30Z,2026-11-24T12:00:00Z");
        assertThat(rejection.reason()).isEqualTo(Reason.CSV_MALFORMED);
        assertThat(rejection.toString().length()).isLessThan(300);
    }

    @Test
    void aHugeNumberIsShownShortened() {
        Rejection rejection = jsonRejection(jsonWith(PRICE, "1" + "0".repeat(900)));
        assertThat(rejection.reason()).isEqualTo(Reason.PRICE_RANGE);
        assertThat(rejection.toString()).startsWith("price_range: price 1000").contains("…").hasSizeLessThan(150);
    }
}

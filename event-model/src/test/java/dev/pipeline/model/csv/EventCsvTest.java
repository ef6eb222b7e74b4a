package dev.pipeline.model.csv;

import static dev.pipeline.model.EventFields.RECEIVED_AT;
import static dev.pipeline.model.TestEvents.RECEIVED;
import static dev.pipeline.model.TestEvents.csvReason;
import static dev.pipeline.model.TestEvents.csvRejection;
import static dev.pipeline.model.TestEvents.csvWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.model.EventFields;
import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.validation.EventRejectedException;
import dev.pipeline.model.validation.Reason;
import dev.pipeline.model.validation.Rejection;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading and writing the CSV lines of {@code raw/}: what only CSV can get wrong. */
class EventCsvTest {

    private static final String LINE =
            "0192f5c8-7d7e-7cc1-9c1e-3b1f0e9a4d21,u-1042,add_to_cart,p-311,19.99,2026-11-24T10:15:30.123Z,2026-11-24T12:00:00Z";
    private static final UserEvent EVENT = new UserEvent("0192f5c8-7d7e-7cc1-9c1e-3b1f0e9a4d21", "u-1042",
            EventType.ADD_TO_CART, "p-311", new BigDecimal("19.99"), Instant.parse("2026-11-24T10:15:30.123Z"), RECEIVED);

    @ParameterizedTest
    @ValueSource(strings = {
        "e-1,u-1,view,p-1,9.99,2026-11-24T10:15:30Z,2026-11-24T10:15:31Z",
        "e-1, u 1 ,view,p-1,9.99,2026-11-24T10:15:30Z,2026-11-24T10:15:31Z",
        "e-1,ü😀x,view,p-1,9.99,2026-11-24T10:15:30Z,",
        ",,,,,,",
        "a,b,c",
        "a,b,c,d,e,f,g,h",
        "a"})
    void aLineWithoutQuotesSplitsAsTheFullParserSplitsItsQuotedForm(String plain) {
        String quoted = "\"" + plain.replace(",", "\",\"") + "\"";
        Object viaFastPath;
        Object viaParser;
        try {
            viaFastPath = List.of(EventCsv.split(plain));
        } catch (EventRejectedException e) {
            viaFastPath = e.rejection();
        }
        try {
            viaParser = List.of(EventCsv.split(quoted));
        } catch (EventRejectedException e) {
            viaParser = e.rejection();
        }
        assertThat(viaFastPath).isEqualTo(viaParser);
    }

    @Test
    void theHeaderIsTheContractsColumnList() {
        assertThat(EventCsv.HEADER).isEqualTo("event_id,user_id,event_type,product_id,price,event_timestamp,received_at\n");
        assertThat(EventCsv.HEADER_BYTES).isEqualTo(EventCsv.HEADER.getBytes(StandardCharsets.UTF_8));
        assertThat(EventFields.CSV_COLUMNS).hasSize(7);
    }

    @Test
    void isHeaderRecognisesOnlyTheHeaderLine() {
        assertThat(EventCsv.isHeader("event_id,user_id,event_type,product_id,price,event_timestamp,received_at")).isTrue();
        assertThat(EventCsv.isHeader(EventCsv.HEADER)).as("with its newline").isFalse();
        assertThat(EventCsv.isHeader("event_id,user_id,event_type,product_id,price,event_timestamp,received_at\r"))
                .as("CRLF line ending, as parse tolerates").isTrue();
        assertThat(EventCsv.isHeader("event_id,user_id,event_type,product_id,price,event_timestamp")).isFalse();
        assertThat(EventCsv.isHeader("event_id,user_id,event_type,product_id,price,event_timestamp,received_at,x")).isFalse();
        assertThat(EventCsv.isHeader("EVENT_ID,USER_ID,EVENT_TYPE,PRODUCT_ID,PRICE,EVENT_TIMESTAMP,RECEIVED_AT")).isFalse();
        assertThat(EventCsv.isHeader("")).isFalse();
        assertThat(EventCsv.isHeader(LINE)).isFalse();
    }

    @Test
    void theHeaderIsNotAnEvent() {
        String header = EventCsv.HEADER.substring(0, EventCsv.HEADER.length() - 1);
        // received_at is the first field checked, and "received_at" is no timestamp
        assertThat(csvReason(header)).isEqualTo(Reason.TIMESTAMP_FORMAT);
    }

    @Test
    void parsesALine() throws Exception {
        assertThat(EventCsv.parse(LINE)).isEqualTo(EVENT);
    }

    @Test
    void toleratesATrailingCarriageReturn() throws Exception {
        assertThat(EventCsv.parse(LINE + "\r")).isEqualTo(EVENT);
    }

    @Test
    void writesALine() throws Exception {
        String line = EventCsv.toLine(EVENT);
        // the writer may quote any field (RFC 4180 allows it); the values are what matter
        assertThat(line.replace("\"", "")).isEqualTo(LINE + "\n");
        assertThat(EventCsv.parse(line.substring(0, line.length() - 1))).isEqualTo(EVENT);
        assertThat(new String(EventCsv.encode(List.of(EVENT, EVENT)), StandardCharsets.UTF_8)).isEqualTo(line + line);
        assertThat(EventCsv.encode(List.of())).isEmpty();
    }

    @Test
    void writesPricesPlainWithTwoDecimals() {
        UserEvent zero = new UserEvent("e1", "u", EventType.VIEW, "p", new BigDecimal("0.00"),
                Instant.parse("2026-11-24T10:15:30Z"), RECEIVED);
        assertThat(EventCsv.toLine(zero)).isEqualTo("e1,u,view,p,0.00,2026-11-24T10:15:30Z,2026-11-24T12:00:00Z\n");
    }

    @Test
    void refusesToWriteAnEventNotYetReceived() {
        assertThatThrownBy(() -> EventCsv.toLine(EVENT.receivedAt(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("received_at");
    }

    @Test
    void quotedFieldsAreUnquoted() throws Exception {
        UserEvent event = EventCsv.parse(
                "\"e1\",\"a,b \"\"c\"\"\",\"view\",\" p \",\"1.00\",\"2026-11-24T10:15:30Z\",\"2026-11-24T12:00:00Z\"");
        assertThat(event.userId()).isEqualTo("a,b \"c\"");
        assertThat(event.productId()).isEqualTo(" p ");
    }

    @Test
    void unquotedSpacesAreKept() throws Exception {
        UserEvent event = EventCsv.parse("e1, u ,view,  ,1.00,2026-11-24T10:15:30Z,2026-11-24T12:00:00Z");
        assertThat(event.userId()).isEqualTo(" u ");
        assertThat(event.productId()).isEqualTo("  ");
    }

    @Test
    void sixFieldsAreTheWrongColumnCount() {
        Rejection rejection = csvRejection("e1,u,view,p,1.00,2026-11-24T10:15:30Z");
        assertThat(rejection.toString()).isEqualTo("csv_column_count: line has 6 fields, 7 expected "
                + "(event_id,user_id,event_type,product_id,price,event_timestamp,received_at)");
    }

    @Test
    void eightFieldsAreTheWrongColumnCount() {
        assertThat(csvReason(LINE + ",extra")).isEqualTo(Reason.CSV_COLUMN_COUNT);
        assertThat(csvReason(LINE + ",")).isEqualTo(Reason.CSV_COLUMN_COUNT);
        assertThat(csvRejection(LINE + ",").message()).startsWith("line has 8 fields");
    }

    @Test
    void aLineWithOneFieldIsTheWrongColumnCount() {
        assertThat(csvReason("hello")).isEqualTo(Reason.CSV_COLUMN_COUNT);
    }

    @Test
    void anUnclosedQuoteIsMalformed() {
        Rejection rejection = csvRejection("e1,\"u,view,p,1.00,2026-11-24T10:15:30Z,2026-11-24T12:00:00Z");
        assertThat(rejection.reason()).isEqualTo(Reason.CSV_MALFORMED);
        assertThat(rejection.message()).startsWith("line is not valid CSV: ").doesNotContain("\n");
    }

    @Test
    void textAfterAClosingQuoteIsMalformed() {
        assertThat(csvReason("e1,\"u\"x,view,p,1.00,2026-11-24T10:15:30Z,2026-11-24T12:00:00Z"))
                .isEqualTo(Reason.CSV_MALFORMED);
    }

    @Test
    void anEmptyLineIsMalformed() {
        assertThat(csvReason("")).isEqualTo(Reason.CSV_MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\r\n"})
    void aLineBreakOutsideQuotesIsMalformedNotTruncated(String lineBreak) {
        // the first row alone is valid: the rest must not be silently dropped
        Rejection rejection = csvRejection(LINE + lineBreak + "more,data");
        assertThat(rejection.reason()).isEqualTo(Reason.CSV_MALFORMED);
        assertThat(csvReason(LINE + lineBreak + LINE)).isEqualTo(Reason.CSV_MALFORMED);
    }

    @Test
    void aLineBreakInsideQuotesIsAControlCharacter() {
        assertThat(csvReason(csvWith(EventFields.USER_ID, "a\nb"))).isEqualTo(Reason.CONTROL_CHARACTER);
        assertThat(csvReason(csvWith(EventFields.PRODUCT_ID, "a\r\nb"))).isEqualTo(Reason.CONTROL_CHARACTER);
    }

    @Test
    void receivedAtFollowsTheTimestampRules() throws Exception {
        assertThat(csvReason(csvWith(RECEIVED_AT, ""))).isEqualTo(Reason.EMPTY);
        assertThat(csvReason(csvWith(RECEIVED_AT, "now"))).isEqualTo(Reason.TIMESTAMP_FORMAT);
        assertThat(csvReason(csvWith(RECEIVED_AT, "2026-11-24T12:00:00"))).isEqualTo(Reason.TIMESTAMP_FORMAT);
        assertThat(csvReason(csvWith(RECEIVED_AT, "+10000-01-01T00:00:00Z"))).isEqualTo(Reason.TIMESTAMP_RANGE);
        assertThat(csvRejection(csvWith(RECEIVED_AT, "now")).message()).startsWith("received_at ");
        assertThat(EventCsv.parse(csvWith(RECEIVED_AT, "2026-11-24T13:00:00+01:00")).receivedAt()).isEqualTo(RECEIVED);
        assertThat(EventCsv.parse(csvWith(RECEIVED_AT, String.valueOf(RECEIVED.toEpochMilli()))).receivedAt())
                .isEqualTo(RECEIVED);
    }

    @Test
    void theFutureBoundIsMeasuredFromTheReceivedAtColumn() throws Exception {
        String line = "e1,u,view,p,1.00,2026-11-25T12:00:00.001Z,%s";
        assertThat(csvReason(line.formatted("2026-11-24T12:00:00Z"))).isEqualTo(Reason.TIMESTAMP_FUTURE);
        assertThat(EventCsv.parse(line.formatted("2026-11-24T12:00:00.001Z")).eventTimestamp())
                .isEqualTo(Instant.parse("2026-11-25T12:00:00.001Z"));
    }

    @Test
    void splitGivesTheSevenFields() throws Exception {
        assertThat(EventCsv.split("a,\"b,c\",,d,\"\",e,f"))
                .containsExactly("a", "b,c", "", "d", "", "e", "f");
    }

    @Test
    void emptyFieldsAreEmptyNotMissing() {
        assertThat(csvRejection("e1,,view,p,1.00,2026-11-24T10:15:30Z,2026-11-24T12:00:00Z").toString())
                .isEqualTo("empty: user_id is empty");
        assertThat(csvReason("e1,u,view,p,\"\",2026-11-24T10:15:30Z,2026-11-24T12:00:00Z")).isEqualTo(Reason.EMPTY);
    }

    @Test
    void aCsvPriceWithMoreThanTwoDecimalsHasTheContractMessage() {
        assertThat(csvRejection("e1,u,view,p,19.999,2026-11-24T10:15:30Z,2026-11-24T12:00:00Z").toString())
                .isEqualTo("price_scale: price 19.999 has more than 2 decimals");
    }
}

package dev.pipeline.model.validation;

import dev.pipeline.model.EventType;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The contract's rules for each field, applied to values already taken out of JSON or CSV. Both
 * readers ({@code EventJson}, {@code EventCsv}) call these, so the collector and the stream
 * service accept and refuse exactly the same events.
 */
public final class EventRules {

    public static final int MAX_ID_CODE_POINTS = 64;
    public static final BigDecimal MAX_PRICE = new BigDecimal("99999999.99");
    public static final int PRICE_SCALE = 2;
    /** How far past the time of receipt an event may claim to have happened (clock skew allowance). */
    public static final Duration MAX_FUTURE = Duration.ofHours(24);

    // Timestamps outside these years have no four-digit ISO-8601 form, and PostgreSQL would
    // refuse or misread them, so they are refused here rather than at load time.
    private static final Instant MIN_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?[0-9]{1,19}");
    private static final int MAX_SHOWN_CHARS = 40;
    /**
     * The longest price text read as a number, the same as Jackson's default limit for JSON numbers.
     * Parsing (and stripping the zeros of) a number of a million digits takes minutes.
     */
    private static final int MAX_PRICE_CHARS = 1000;

    private EventRules() {
    }

    /** {@code event_id}: 1–64 characters of {@code A-Z a-z 0-9 . _ : -}. */
    public static String eventId(String value) throws EventRejectedException {
        notEmpty("event_id", value);
        if (value.length() > MAX_ID_CODE_POINTS) {
            throw new EventRejectedException(Reason.TOO_LONG,
                    "event_id has " + value.length() + " characters, at most " + MAX_ID_CODE_POINTS + " allowed");
        }
        if (!isEventIdText(value)) {
            throw new EventRejectedException(Reason.EVENT_ID_FORMAT,
                    "event_id " + show(value) + " may only contain A-Z a-z 0-9 . _ : -");
        }
        return value;
    }

    /** {@code [A-Za-z0-9._:-]+}, checked without a regex: it runs for every event, twice per hop. */
    private static boolean isEventIdText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code user_id} and {@code product_id}: 1–64 code points (as PostgreSQL's VARCHAR(64) counts
     * them), no control characters. Anything else, commas and quotes included, is kept as it is.
     */
    public static String identifier(String field, String value) throws EventRejectedException {
        notEmpty(field, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new EventRejectedException(Reason.CONTROL_CHARACTER,
                        field + " contains control character U+" + String.format("%04X", (int) c)
                                + " at position " + i);
            }
            if (Character.isSurrogate(c) && !isPairedAt(value, i)) {
                throw new EventRejectedException(Reason.INVALID_UNICODE,
                        field + " contains an unpaired surrogate U+" + String.format("%04X", (int) c)
                                + " at position " + i);
            }
        }
        int codePoints = value.codePointCount(0, value.length());
        if (codePoints > MAX_ID_CODE_POINTS) {
            throw new EventRejectedException(Reason.TOO_LONG,
                    field + " has " + codePoints + " characters, at most " + MAX_ID_CODE_POINTS + " allowed");
        }
        return value;
    }

    /** {@code event_type}: one of {@code view}, {@code add_to_cart}, {@code purchase}. */
    public static EventType eventType(String value) throws EventRejectedException {
        notEmpty("event_type", value);
        return EventType.fromWireName(value).orElseThrow(() -> new EventRejectedException(
                Reason.EVENT_TYPE_UNKNOWN,
                "event_type " + show(value) + " is not one of view, add_to_cart, purchase"));
    }

    /** A price written as text (a JSON string or a CSV field), then checked by {@link #price}. */
    public static BigDecimal parsePrice(String text) throws EventRejectedException {
        notEmpty("price", text);
        if (text.length() > MAX_PRICE_CHARS) {
            throw new EventRejectedException(Reason.TOO_LONG,
                    "price has " + text.length() + " characters, at most " + MAX_PRICE_CHARS + " allowed");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new EventRejectedException(Reason.WRONG_TYPE, "price " + show(text) + " is not a number");
        }
        return price(value);
    }

    /**
     * {@code price}: 0 ≤ price ≤ 99999999.99 with at most 2 decimals. More decimals are an error,
     * never rounded. Returns the price at scale 2, the form it is stored in.
     */
    public static BigDecimal price(BigDecimal value) throws EventRejectedException {
        if (value.signum() < 0 || value.compareTo(MAX_PRICE) > 0) {
            throw new EventRejectedException(Reason.PRICE_RANGE,
                    "price " + number(value) + " is outside 0 to " + MAX_PRICE.toPlainString());
        }
        BigDecimal exact = value.stripTrailingZeros();
        if (exact.scale() > PRICE_SCALE) {
            throw new EventRejectedException(Reason.PRICE_SCALE,
                    "price " + number(value) + " has more than " + PRICE_SCALE + " decimals");
        }
        return exact.setScale(PRICE_SCALE);
    }

    /**
     * A timestamp written as text: ISO-8601 with an offset ({@code Z} or {@code +hh:mm}), or epoch
     * milliseconds as digits. A time without an offset is refused: its instant would be a guess.
     */
    public static Instant parseTimestamp(String field, String text) throws EventRejectedException {
        notEmpty(field, text);
        // The common form first: the regular expression below cost more than parsing it.
        Instant common = UtcTimestampFastPath.parse(text);
        if (common != null) {
            return inRange(field, common);
        }
        if (EPOCH_MILLIS.matcher(text).matches()) {
            try {
                return epochMillis(field, Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new EventRejectedException(Reason.TIMESTAMP_FORMAT,
                        field + " " + show(text) + " is too large for epoch milliseconds");
            }
        }
        try {
            return inRange(field, OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            throw new EventRejectedException(Reason.TIMESTAMP_FORMAT, field + " " + show(text)
                    + " is neither ISO-8601 with an offset (e.g. 2026-11-24T10:15:30.123Z) nor epoch milliseconds");
        }
    }

    /** A timestamp given as epoch milliseconds. */
    public static Instant epochMillis(String field, long millis) throws EventRejectedException {
        return inRange(field, Instant.ofEpochMilli(millis));
    }

    /** {@code event_timestamp}: not more than {@link #MAX_FUTURE} after the time it was received. */
    public static Instant notInFuture(Instant eventTimestamp, Instant receivedAt) throws EventRejectedException {
        if (eventTimestamp.isAfter(receivedAt.plus(MAX_FUTURE))) {
            throw new EventRejectedException(Reason.TIMESTAMP_FUTURE, "event_timestamp " + eventTimestamp
                    + " is more than 24h after the time it was received, " + receivedAt);
        }
        return eventTimestamp;
    }

    private static Instant inRange(String field, Instant value) throws EventRejectedException {
        if (value.isBefore(MIN_TIMESTAMP) || value.isAfter(MAX_TIMESTAMP)) {
            throw new EventRejectedException(Reason.TIMESTAMP_RANGE,
                    field + " " + value + " is outside the years 0001 to 9999");
        }
        return value;
    }

    private static void notEmpty(String field, String value) throws EventRejectedException {
        if (value == null) {
            throw new EventRejectedException(Reason.MISSING_FIELD, field + " is missing");
        }
        if (value.isEmpty()) {
            throw new EventRejectedException(Reason.EMPTY, field + " is empty");
        }
    }

    /**
     * A value quoted for a message: cut short and with control characters escaped, so that a hostile
     * value can neither flood a log nor forge a line in it.
     */
    public static String show(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_SHOWN_CHARS) + 8).append('"');
        int limit = Math.min(value.length(), MAX_SHOWN_CHARS);
        if (limit < value.length() && Character.isHighSurrogate(value.charAt(limit - 1))) {
            limit--; // do not cut an emoji in half
        }
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !isPairedAt(value, i)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > MAX_SHOWN_CHARS) {
            out.append("…(").append(value.length()).append(" chars)");
        }
        return out.append('"').toString();
    }

    private static String number(BigDecimal value) {
        String text = value.toString(); // scientific for huge exponents: never expands 1E+999999999
        return text.length() <= MAX_SHOWN_CHARS ? text : text.substring(0, MAX_SHOWN_CHARS) + "…";
    }

    private static boolean isPairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}

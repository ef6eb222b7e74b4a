package dev.pipeline.model.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.json.EventJson;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Valid events survive the hops of the pipeline unchanged: JSON → event → CSV line → event, for
 * thousands of generated events whose ids hold everything the contract allows (commas, quotes,
 * surrounding spaces, non-ASCII letters, emoji, direction marks, combining marks, formula prefixes).
 */
class CsvRoundTripTest {

    private static final int EVENTS = 4000;
    private static final long SEED = 20261124L;

    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";
    private static final String[] FORMULA_PREFIXES = {"=", "+", "-", "@"};
    private static final String[] PIECES = {
        ",", "\"", "\"\"", ",\"", " ", "  ", "a", "Z", "7", "é", "ß", "Ω", "東京", "Ünïcødé", "Привет",
        "\uD83D\uDE00", // 😀
        "\uD83D\uDC4D\uD83C\uDFFD", // 👍🏽, emoji with a skin tone modifier
        "\uD83C\uDDEB\uD83C\uDDF7", // 🇫🇷, two regional indicators
        "\u200F", "\u200E", "\u202E", "שלום", "مرحبا", // right-to-left marks and scripts
        "e\u0301", "\u0301", "a\u0308\u0323", // combining marks, one alone
        "=", "+", "-", "@", "=1+2", "=HYPERLINK(\"http://x\")", "'", ";", "\\", "#", "|",
        "\u00A0", "\u2028", "\u2029", "\uFEFF", "\uFFFD", "\uD835\uDD4F" // NBSP, line/paragraph separators, BOM, 𝕏
    };
    private static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static List<UserEvent> events;

    @BeforeAll
    static void generate() {
        Random random = new Random(SEED);
        events = new ArrayList<>(fixedEvents());
        while (events.size() < EVENTS) {
            events.add(randomEvent(random));
        }
    }

    @Test
    void theGeneratedEventsHoldTheHardCases() {
        assertThat(events).hasSize(EVENTS);
        assertSome(e -> e.userId().contains(",") || e.productId().contains(","), "commas");
        assertSome(e -> e.userId().contains("\""), "double quotes");
        assertSome(e -> e.productId().startsWith(" ") && !e.productId().isBlank(), "leading spaces");
        assertSome(e -> e.userId().endsWith(" ") && !e.userId().isBlank(), "trailing spaces");
        assertSome(e -> e.userId().isBlank(), "spaces only");
        assertSome(e -> e.productId().matches(".*\\p{IsCyrillic}.*"), "non-ASCII letters");
        assertSome(e -> e.userId().contains("\uD83D\uDE00"), "emoji");
        assertSome(e -> e.productId().contains("\u200F"), "right-to-left marks");
        assertSome(e -> e.userId().contains("\u0301"), "combining marks");
        for (String prefix : FORMULA_PREFIXES) {
            assertSome(e -> e.userId().startsWith(prefix), "user_id starting with " + prefix);
            assertSome(e -> e.productId().startsWith(prefix), "product_id starting with " + prefix);
        }
        assertSome(e -> e.userId().codePointCount(0, e.userId().length()) == 64 && e.userId().length() > 64,
                "64 code points in more than 64 chars");
        assertSome(e -> e.price().signum() == 0, "price 0");
        assertSome(e -> e.price().equals(new BigDecimal("0.01")), "price 0.01");
        assertSome(e -> e.price().equals(new BigDecimal("99999999.99")), "price 99999999.99");
        assertSome(e -> e.eventTimestamp().getNano() % 1_000_000 != 0, "timestamps with nanos");
        assertSome(e -> e.eventTimestamp().equals(e.receivedAt().plus(Duration.ofHours(24))), "timestamps at the future bound");
        assertSome(e -> e.eventTimestamp().isBefore(Instant.parse("1000-01-01T00:00:00Z")), "timestamps before 1000");
    }

    @Test
    void eachEventSurvivesItsCsvLine() throws Exception {
        for (UserEvent event : events) {
            String line = EventCsv.toLine(event);
            assertThat(line).endsWith("\n");
            String row = line.substring(0, line.length() - 1);
            assertThat(row).as("one event, one line").doesNotContain("\n", "\r");
            assertThat(EventCsv.parse(row)).as(line).isEqualTo(event);
        }
    }

    @Test
    void aRawFileOfEventsReadsBackLineByLine() throws Exception {
        byte[] body = EventCsv.encode(events);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        EventCsv.write(events, streamed);
        assertThat(streamed.toByteArray()).isEqualTo(body);

        byte[] file = new byte[EventCsv.HEADER_BYTES.length + body.length];
        System.arraycopy(EventCsv.HEADER_BYTES, 0, file, 0, EventCsv.HEADER_BYTES.length);
        System.arraycopy(body, 0, file, EventCsv.HEADER_BYTES.length, body.length);
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(file))
                .toString();

        String[] lines = text.split("\n", -1);
        assertThat(lines).hasSize(EVENTS + 2); // header, the events, and nothing after the last newline
        assertThat(EventCsv.isHeader(lines[0])).isTrue();
        assertThat(lines[lines.length - 1]).isEmpty();
        for (int i = 0; i < EVENTS; i++) {
            assertThat(EventCsv.isHeader(lines[i + 1])).isFalse();
            assertThat(EventCsv.parse(lines[i + 1])).as(lines[i + 1]).isEqualTo(events.get(i));
        }
    }

    @Test
    void eachEventSurvivesItsJson() throws Exception {
        for (UserEvent event : events) {
            String json = EventJson.toJson(event);
            assertThat(EventJson.read(EventJson.MAPPER.readTree(json), event.receivedAt())).as(json).isEqualTo(event);
            byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
            assertThat(EventJson.read(EventJson.MAPPER.readTree(utf8), event.receivedAt())).as(json).isEqualTo(event);
        }
    }

    @Test
    void theWholeHopFromJsonToCsvKeepsEveryValue() throws Exception {
        for (UserEvent event : events) {
            // the client's JSON has no received_at; the collector stamps it, writes CSV, the stream reads it
            String clientJson = EventJson.toJson(event.receivedAt(null));
            UserEvent collected = EventJson.read(EventJson.MAPPER.readTree(clientJson), event.receivedAt());
            String line = EventCsv.toLine(collected);
            UserEvent streamed = EventCsv.parse(line.substring(0, line.length() - 1));
            assertThat(streamed).isEqualTo(event);
            assertThat(streamed.price().scale()).isEqualTo(2);
        }
    }

    private static void assertSome(Predicate<UserEvent> test, String what) {
        assertThat(events).as("generated events with " + what).anyMatch(test);
    }

    private static List<UserEvent> fixedEvents() {
        Instant received = Instant.parse("2026-11-24T12:00:00.123456789Z");
        return List.of(
                event("min-price", "   ", "-", "0.00", received, received),
                event("cent", "=SUM(A1:A2)", "+33 1 23", "0.01", received.minusNanos(1), received),
                event("max-price", "@user", "a,\"b\", c ", "99999999.99", received.plus(Duration.ofHours(24)), received),
                event("earliest", " lead", "trail ", "1.00", MIN_TIME, received),
                event("latest", "\u200F\uD83D\uDE00e\u0301", "\"", "1.50", MAX_TIME, MAX_TIME),
                event("epoch", "\uD83D\uDE00".repeat(64), "é".repeat(64), "12.30", Instant.EPOCH, Instant.EPOCH),
                event("a".repeat(64), "u".repeat(64), "p".repeat(64), "7.00", received.minusSeconds(1), received));
    }

    private static UserEvent event(String id, String user, String product, String price, Instant at, Instant received) {
        return new UserEvent(id, user, EventType.PURCHASE, product, new BigDecimal(price), at, received);
    }

    private static UserEvent randomEvent(Random random) {
        Instant received = between(random, Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("9999-12-30T00:00:00Z"));
        Instant latest = received.plus(Duration.ofHours(24));
        Instant at = switch (random.nextInt(10)) {
            case 0 -> latest;
            case 1 -> between(random, MIN_TIME, latest);
            case 2 -> Instant.ofEpochMilli(received.toEpochMilli() - random.nextInt(86_400_000));
            default -> received.minusNanos(random.nextLong(86_400_000_000_000L)); // a day, to the nanosecond
        };
        return new UserEvent(eventId(random), identifier(random), EventType.values()[random.nextInt(3)],
                identifier(random), price(random), at, received);
    }

    private static String eventId(Random random) {
        int length = random.nextInt(8) == 0 ? 64 : 1 + random.nextInt(64);
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    /** A user_id or product_id: 1 to 64 code points, no control characters, anything else goes. */
    private static String identifier(Random random) {
        int kind = random.nextInt(12);
        if (kind == 0) {
            return " ".repeat(1 + random.nextInt(64));
        }
        StringBuilder value = new StringBuilder();
        if (kind <= 2) {
            value.append(FORMULA_PREFIXES[random.nextInt(FORMULA_PREFIXES.length)]);
        } else if (kind == 3) {
            value.append(' ');
        }
        int codePoints = kind == 4 ? 64 : 1 + random.nextInt(random.nextBoolean() ? 8 : 64);
        while (value.codePointCount(0, value.length()) < codePoints) {
            if (random.nextInt(3) > 0) {
                value.append(PIECES[random.nextInt(PIECES.length)]);
            } else {
                value.appendCodePoint(randomCodePoint(random));
            }
        }
        if (kind == 5) {
            value.append(' ');
        }
        String text = value.toString();
        int cut = Math.min(text.codePointCount(0, text.length()), 64);
        return text.substring(0, text.offsetByCodePoints(0, cut));
    }

    /** Any Unicode scalar value but a control character, in the BMP or above. */
    private static int randomCodePoint(Random random) {
        while (true) {
            int cp = random.nextBoolean() ? 0x20 + random.nextInt(0x3000) : 0x20 + random.nextInt(Character.MAX_CODE_POINT - 0x20);
            if (!Character.isISOControl(cp) && Character.getType(cp) != Character.SURROGATE) {
                return cp;
            }
        }
    }

    private static BigDecimal price(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> new BigDecimal("0.00");
            case 1 -> new BigDecimal("0.01");
            case 2 -> new BigDecimal("99999999.99");
            case 3 -> BigDecimal.valueOf(random.nextInt(100), 2);
            default -> BigDecimal.valueOf(random.nextLong(10_000_000_000L), 2);
        };
    }

    private static Instant between(Random random, Instant from, Instant to) {
        long seconds = from.getEpochSecond() + random.nextLong(to.getEpochSecond() - from.getEpochSecond());
        return Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
    }
}

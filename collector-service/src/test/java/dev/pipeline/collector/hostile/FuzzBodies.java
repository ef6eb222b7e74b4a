package dev.pipeline.collector.hostile;

import static dev.pipeline.collector.hostile.HostileCorpus.quote;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of request bodies for {@link HostileFuzzIT}: valid bodies mutated byte by byte,
 * random JSON trees, events with random values in every field, and random headers.
 */
final class FuzzBodies {

    static final String JSON = HostileCorpus.JSON;
    static final String NDJSON = HostileCorpus.NDJSON;
    static final List<String> FIELDS = List.of("event_id", "user_id", "event_type", "product_id", "price", "event_timestamp");

    private FuzzBodies() {
    }

    /**
     * A request to send.
     *
     * @param events the number of event objects of a body well-formed by construction, else -1
     * @param allValid whether every one of them is valid by construction (so all must be accepted)
     */
    record FuzzRequest(String kind, String contentType, String contentEncoding, byte[] body, int events, boolean allValid) {

        FuzzRequest withHeaders(String type, String encoding, boolean gzipBody) {
            return new FuzzRequest(kind + "+headers", type, encoding, gzipBody ? HostileCorpus.gzip(body) : body, -1, false);
        }

        /** What jqwik prints for a failing sample: the headers and the start of the body, escaped. */
        @Override
        public String toString() {
            StringBuilder shown = new StringBuilder();
            for (int i = 0; i < Math.min(body.length, 600); i++) {
                int b = body[i] & 0xFF;
                shown.append(b >= 0x20 && b < 0x7F && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
            return kind + " Content-Type=" + contentType + " Content-Encoding=" + contentEncoding + " body(" + body.length
                    + " bytes)=" + shown + (body.length > 600 ? "…" : "");
        }
    }

    // ---------------------------------------------------------------- valid events

    static Arbitrary<String> eventIds() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric().withChars("._:-")
                .ofMinLength(1).ofMaxLength(64);
    }

    static Arbitrary<String> identifiers() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars(" ,\"'=+-@\\/é").ofMinLength(1).ofMaxLength(64),
                Arbitraries.of("u-1", "Zoë Çelik", "a,b", "say \"hi\"", "\uD83D\uDE00", "=SUM(A1)", "\u202Eevil", "e\u0301",
                        "\u0645\u0631\u062d\u0628\u0627", "\uD83D\uDED2".repeat(64)));
    }

    static Arbitrary<String> validPrices() {
        return Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(java.math.BigDecimal.ZERO, new java.math.BigDecimal("99999999.99"))
                        .ofScale(2).map(java.math.BigDecimal::toPlainString),
                Arbitraries.of("0", "19.99", "\"12.30\"", "1e2", "0.01", "99999999.99", "1.230"));
    }

    static Arbitrary<String> validTimestamps() {
        return Arbitraries.of("\"2026-11-24T10:15:30.123Z\"", "\"2026-11-24T10:15:30+05:30\"", "1764000000000",
                "\"1764000000000\"", "\"2000-02-29T23:59:59.999999999Z\"", "\"2026-01-01T00:00:00-12:00\"");
    }

    static Arbitrary<String> validEvents() {
        return Combinators.combine(eventIds(), identifiers(), Arbitraries.of("view", "add_to_cart", "purchase"),
                        identifiers(), validPrices(), validTimestamps())
                .as((id, user, type, product, price, timestamp) -> "{\"event_id\":" + quote(id) + ",\"user_id\":" + quote(user)
                        + ",\"event_type\":\"" + type + "\",\"product_id\":" + quote(product) + ",\"price\":" + price
                        + ",\"event_timestamp\":" + timestamp + "}");
    }

    /** One to five valid events as one object, an array, or NDJSON with blank lines and CRLF here and there. */
    static Arbitrary<FuzzRequest> validBodies() {
        return Combinators.combine(validEvents().list().ofMinSize(1).ofMaxSize(5), Arbitraries.integers().between(0, 2),
                        Arbitraries.of("\n", "\r\n", "\n\n", "\n \t\n"))
                .as((events, format, separator) -> switch (format) {
                    case 0 -> new FuzzRequest("valid", JSON, null, utf8(events.get(0)), 1, true);
                    case 1 -> new FuzzRequest("valid", JSON, null, utf8(HostileCorpus.array(events)), events.size(), true);
                    default -> new FuzzRequest("valid", NDJSON, null, utf8(String.join(separator, events)), events.size(), true);
                });
    }

    // ---------------------------------------------------------------- mutations

    private static final List<String> FRAGMENTS = List.of("\"price\":", "1e400", "1e9999999999", "-0", "NaN", "Infinity",
            "null", "true", "[", "]", "{", "}", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "\\udc00", "\\u00", "\"event_id\":\"x\"",
            "\"price\":1.001", "\n", "\r\n", "\uFEFF", "{\"a\":{\"a\":{\"a\":", "[[[[[[[[", "99999999999999999999999",
            "0.000000001", "\"2026-13-45T99:99:99Z\"", "\uD83D\uDE00", "\u0000", "\u001b", "\u2028", " ", "\"user_id\":", "\"\"",
            "-", "e", ".", "+", "1.5e12", "\"event_type\":\"purchase\"", "{}", "[]", "\"price\":\"1e-2147483649\"");
    private static final byte[] INTERESTING = {0x00, '"', '\\', '{', '}', '[', ']', ',', ':', '\n', '\r', ' ', '0', '-', 'e',
        (byte) 0xC0, (byte) 0xFF, (byte) 0xED, (byte) 0x80, (byte) 0xEF, (byte) 0xF4};

    /** One edit: what, where (as a fraction of the body's length), how much, with what. */
    record Mutation(int op, double at, int length, String fragment, int value) {

        byte[] apply(byte[] body) {
            int pos = (int) (at * body.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 16);
            switch (op) {
                case 0 -> { // flip a bit
                    if (body.length == 0) {
                        return body;
                    }
                    byte[] copy = body.clone();
                    copy[Math.min(pos, body.length - 1)] ^= (byte) (1 << (value & 7));
                    return copy;
                }
                case 1 -> { // insert a random byte
                    out.write(body, 0, pos);
                    out.write(value);
                    out.write(body, pos, body.length - pos);
                }
                case 2 -> { // delete a range
                    int end = Math.min(body.length, pos + length);
                    out.write(body, 0, pos);
                    out.write(body, end, body.length - end);
                }
                case 3 -> { // splice in a fragment
                    out.write(body, 0, pos);
                    out.writeBytes(utf8(fragment));
                    out.write(body, pos, body.length - pos);
                }
                case 4 -> { // copy a range of the body elsewhere in it
                    int end = Math.min(body.length, pos + length * 8);
                    int to = (int) ((1 - at) * body.length);
                    out.write(body, 0, to);
                    out.write(body, pos, end - pos);
                    out.write(body, to, body.length - to);
                }
                case 5 -> { // overwrite with an interesting byte
                    if (body.length == 0) {
                        return body;
                    }
                    byte[] copy = body.clone();
                    copy[Math.min(pos, body.length - 1)] = INTERESTING[value % INTERESTING.length];
                    return copy;
                }
                default -> { // truncate
                    out.write(body, 0, pos);
                }
            }
            return out.toByteArray();
        }
    }

    static Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(1, 16), Arbitraries.of(FRAGMENTS), Arbitraries.integers().between(0, 255))
                .as(Mutation::new);
    }

    static Arbitrary<FuzzRequest> mutatedBodies() {
        return Combinators.combine(validBodies(), mutations().list().ofMinSize(1).ofMaxSize(6)).as((valid, edits) -> {
            byte[] body = valid.body();
            for (Mutation edit : edits) {
                body = edit.apply(body);
            }
            return new FuzzRequest("mutated", valid.contentType(), null, body, -1, false);
        });
    }

    // ---------------------------------------------------------------- random JSON

    static Arbitrary<String> randomStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(80),
                Arbitraries.strings().withCharRange('\ud700', '\ue000').ofMaxLength(10),
                Arbitraries.of("", " ", "view", "VIEW", "2026-11-24T10:15:30Z", "2026-11-24T10:15:30", "1764000000000",
                        "-1", "19.999", "NaN", "1e400", "\u0000", "x".repeat(65), "\uD83D\uDE00".repeat(65)));
    }

    /** Numbers of every form; {@code readable} leaves out the two whose exponent has no BigDecimal (a 400 for the whole body). */
    static Arbitrary<String> randomNumbers(boolean readable) {
        List<String> special = new ArrayList<>(List.of("1e400", "-1e400", "1e-400", "0.000", "-0", "1E+2", "99999999.99",
                "100000000", "9".repeat(30), "123456789012345678901234567890.1"));
        if (!readable) {
            special.addAll(List.of("1e2147483648", "0e-2147483649"));
        }
        return Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigDecimals().ofScale(3).map(java.math.BigDecimal::toPlainString),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "0"),
                Combinators.combine(Arbitraries.integers().between(-9, 9), Arbitraries.integers().between(-2000, 2000))
                        .as((m, e) -> m + "e" + e),
                Arbitraries.of(special));
    }

    static Arbitrary<String> scalars(boolean readable) {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of("null", "true", "false")),
                Tuple.of(3, randomNumbers(readable)),
                Tuple.of(3, randomStrings().map(HostileCorpus::quote)));
    }

    /**
     * A random JSON value at most {@code depth} containers deep. When {@code readable}, it is one
     * the collector must be able to read: no key twice in an object, no number without a BigDecimal.
     */
    static Arbitrary<String> jsonValues(int depth, boolean readable) {
        if (depth == 0) {
            return scalars(readable);
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalars(readable)),
                Tuple.of(1, Arbitraries.lazy(() -> jsonValues(depth - 1, readable)).list().ofMaxSize(4)
                        .map(items -> "[" + String.join(",", items) + "]")),
                Tuple.of(2, Arbitraries.lazy(() -> objects(depth - 1, readable))));
    }

    /** An object whose keys are mostly the event's fields (unless {@code readable}, sometimes twice), with random values. */
    static Arbitrary<String> objects(int depth, boolean readable) {
        // Jackson refuses a broken surrogate pair in a key (the body is then unreadable), unlike in a value.
        Arbitrary<String> other = readable ? Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(20) : randomStrings();
        Arbitrary<String> keys = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(FIELDS)), Tuple.of(1, other));
        var members = Combinators.combine(keys, Arbitraries.lazy(() -> jsonValues(depth, readable))).as(Tuple::of).list().ofMaxSize(8);
        return (readable ? members.uniqueElements(member -> member.get1()) : members).map(list -> list.stream()
                .map(member -> quote(member.get1()) + ":" + member.get2()).collect(java.util.stream.Collectors.joining(",", "{", "}")));
    }

    static Arbitrary<FuzzRequest> randomJsonTrees() {
        return Combinators.combine(jsonValues(4, false).list().ofMinSize(1).ofMaxSize(4), Arbitraries.integers().between(0, 2))
                .as((values, format) -> switch (format) {
                    case 0 -> new FuzzRequest("tree", JSON, null, utf8(values.get(0)), -1, false);
                    case 1 -> new FuzzRequest("tree", JSON, null, utf8("[" + String.join(",", values) + "]"), -1, false);
                    default -> new FuzzRequest("tree", NDJSON, null, utf8(String.join("\n", values)), -1, false);
                });
    }

    // ---------------------------------------------------------------- random values in every field

    /** Per field: a valid value, a random string, number or JSON value, null, or missing (null here). */
    static Arbitrary<String> fieldValue(Arbitrary<String> valid) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, valid),
                Tuple.of(2, randomStrings().map(HostileCorpus::quote)),
                Tuple.of(1, randomNumbers(true)),
                Tuple.of(1, jsonValues(2, true)),
                Tuple.of(1, Arbitraries.just("null")),
                Tuple.of(1, Arbitraries.just((String) null)));
    }

    static Arbitrary<List<String>> randomFieldEvents() {
        return Combinators.combine(
                        fieldValue(eventIds().map(HostileCorpus::quote)),
                        fieldValue(identifiers().map(HostileCorpus::quote)),
                        fieldValue(Arbitraries.of("\"view\"", "\"add_to_cart\"", "\"purchase\"")),
                        fieldValue(identifiers().map(HostileCorpus::quote)),
                        fieldValue(validPrices()),
                        fieldValue(validTimestamps()))
                .as((id, user, type, product, price, timestamp) -> java.util.Arrays.asList(id, user, type, product, price, timestamp));
    }

    static Arbitrary<FuzzRequest> randomFieldValues() {
        return Combinators.combine(randomFieldEvents().list().ofMinSize(1).ofMaxSize(8), Arbitraries.of(JSON, NDJSON))
                .as((events, type) -> {
                    List<String> objects = new ArrayList<>();
                    for (List<String> values : events) {
                        List<String> members = new ArrayList<>();
                        for (int f = 0; f < FIELDS.size(); f++) {
                            if (values.get(f) != null) {
                                members.add(quote(FIELDS.get(f)) + ":" + values.get(f));
                            }
                        }
                        objects.add("{" + String.join(",", members) + "}");
                    }
                    String body = type.equals(JSON) ? HostileCorpus.array(objects) : String.join("\n", objects);
                    // Well-formed by construction (no key twice): the answer must be the outcome, counting every event.
                    return new FuzzRequest("fields", type, null, utf8(body), objects.size(), false);
                });
    }

    // ---------------------------------------------------------------- random headers

    static Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(JSON, NDJSON, "application/json; charset=utf-8", "APPLICATION/X-NDJSON",
                        " application/json ", "application/json;charset=\"UTF-8\"", "application/x-ndjson; charset=utf-16")),
                Tuple.of(2, Arbitraries.of("text/plain", "application/xml", "multipart/form-data; boundary=x", "*/*",
                        "application/jsonl", "application/ndjson", "application", "json", ";", "application/json-seq",
                        "application/x-www-form-urlencoded")),
                Tuple.of(1, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40)),
                Tuple.of(1, Arbitraries.just((String) null)));
    }

    static Arbitrary<String> contentEncodings() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just((String) null)),
                Tuple.of(4, Arbitraries.of("gzip", "GZIP", " gzip ", "identity")),
                Tuple.of(1, Arbitraries.of("br", "deflate", "gzip, gzip", "x-gzip", "compress", "")),
                Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20)));
    }

    static Arbitrary<FuzzRequest> randomHeaders() {
        return Combinators.combine(Arbitraries.oneOf(validBodies(), mutatedBodies(), randomJsonTrees(), randomFieldValues()),
                        contentTypes(), contentEncodings(), Arbitraries.integers().between(0, 9))
                .as((request, type, encoding, gzipChance) -> request.withHeaders(type, encoding,
                        encoding != null && encoding.trim().equalsIgnoreCase("gzip") ? gzipChance < 8 : gzipChance == 0));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

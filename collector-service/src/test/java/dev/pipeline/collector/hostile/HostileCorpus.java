package dev.pipeline.collector.hostile;

import dev.pipeline.collector.hostile.HostileRequest.RoundTrip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

/**
 * Named classes of hostile requests to {@code POST /events}, each with the answer the contract
 * (shared interfaces page, collector table; docs/http-api.md "POST /events") gives it. Where the contract is
 * silent the class says what was decided:
 *
 * <ul>
 *   <li>duplicated keys in one object refuse the whole body (400 "Duplicate field"), at any depth:
 *       parsers disagree on which value wins, so no answer would be safe;
 *   <li>a {@code charset} parameter is ignored (RFC 8259 defines none for application/json); the
 *       body must be UTF-8 whatever it says, else 400, and a UTF-8 byte order mark is skipped;
 *   <li>CR and LF in user_id/product_id are control characters, refused (the contract's rule);
 *       quotes, commas, formula-like prefixes, right-to-left text and combining marks are kept
 *       exactly;
 *   <li>a price like 1.230 has two decimals once its trailing zero goes, so it is 1.23, not an error.
 * </ul>
 *
 * <p>Every event carries a marker unique to its class, so the test can find what was stored of it.
 * The classes of the tracker paths (Segment, Snowplow) are in {@link TrackerCorpus}.
 */
final class HostileCorpus {

    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";
    static final String TIMESTAMP = "2026-11-24T10:15:30.123Z";
    static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    static final int MAX_EVENTS = 10_000;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<HostileRequest> requests = new ArrayList<>();
    private int next;

    private HostileCorpus() {
    }

    static List<HostileRequest> build() {
        HostileCorpus corpus = new HostileCorpus();
        corpus.syntax();
        corpus.numbers();
        corpus.strings();
        corpus.fields();
        corpus.shapes();
        corpus.ndjson();
        corpus.encodings();
        corpus.limits();
        corpus.values();
        TrackerCorpus.addTo(corpus);
        return List.copyOf(corpus.requests);
    }

    // ---------------------------------------------------------------- the classes

    private void syntax() {
        Case c = add("truncated JSON: cut after a key's colon");
        c.json("{\"event_id\":\"" + c.id(0) + "\",\"user_id\":").error(400, "invalid JSON");
        c = add("truncated JSON: cut inside a string");
        c.json(cut(c.ev(0).json(), "\"p-1")).error(400, "invalid JSON");
        c = add("truncated JSON: cut inside a number");
        c.json(cut(c.ev(0).raw("price", "19.99").json(), "19.")).error(400, "invalid JSON");
        c = add("truncated JSON: cut inside a unicode escape");
        c.json(cut(c.ev(0).raw("user_id", "\"u\\u00e9\"").json(), "\\u00")).error(400, "invalid JSON");
        c = add("truncated JSON: last object of an array without its closing brace");
        String whole = array(c.ev(0).json(), c.ev(1).json());
        c.json(whole.substring(0, whole.length() - 2) + "]").error(400, "invalid JSON");

        c = add("invalid JSON: single quotes");
        c.json(c.ev(0).json().replace('"', '\'')).error(400, "invalid JSON");
        c = add("invalid JSON: trailing comma in an object");
        c.json(c.ev(0).json().replace("}", ",}")).error(400, "invalid JSON");
        c = add("invalid JSON: a comment");
        c.json("/* events */ " + c.ev(0).json()).error(400, "invalid JSON");
        c = add("invalid JSON: unquoted key and bare word");
        c.json(c.ev(0).json().replace("\"user_id\":\"" + c.marker + "\"", "user_id:undefined")).error(400, "invalid JSON");

        c = add("10,000-level nesting: objects");
        c.json("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)).error(400, "nesting depth");
        c = add("10,000-level nesting: arrays on an NDJSON line");
        c.ndjson(c.ev(0).json() + "\n" + "[".repeat(10_000) + "]".repeat(10_000) + "\n").error(400, "line 2: ");
        c = add("10,000-level nesting: inside an extra field of an event");
        c.json(c.ev(0).raw("extra", "[".repeat(10_000) + "]".repeat(10_000)).json()).error(400, "nesting depth");
    }

    private void numbers() {
        Case c = add("huge numbers: price 1e400");
        c.json(array(c.ev(0).raw("price", "1e400").json(), c.ev(1).raw("price", "-1e400").json()))
                .outcome(400, 0, 2, "price_range", "price_range");
        c = add("huge numbers: 400-digit integer price");
        c.json(c.ev(0).raw("price", "9".repeat(400)).json()).outcome(400, 0, 1, "price_range");
        c = add("huge numbers: 400-digit epoch milliseconds");
        c.json(c.ev(0).raw("event_timestamp", "1" + "0".repeat(399)).json()).outcome(400, 0, 1, "timestamp_format");
        c = add("huge numbers: an exponent beyond an int");
        c.json(array(c.ev(0).json(), c.ev(1).raw("price", "1e9999999999").json())).error(400, "exponent is out of range");
        c = add("huge numbers: 1,001 digits, over the parser's number limit");
        c.json(c.ev(0).raw("price", "1" + "0".repeat(1000)).json()).error(400, "beyond the parser's limits");

        c = add("non-finite numbers: bare NaN");
        c.json(c.ev(0).raw("price", "NaN").json()).error(400, "invalid JSON");
        c = add("non-finite numbers: bare Infinity");
        c.json(c.ev(0).raw("price", "Infinity").json()).error(400, "invalid JSON");
        c = add("non-finite numbers: bare -Infinity");
        c.json(c.ev(0).raw("price", "-Infinity").json()).error(400, "invalid JSON");
        c = add("non-finite numbers: as strings");
        c.json(array(c.ev(0).str("price", "NaN").json(), c.ev(1).str("price", "Infinity").json(),
                        c.ev(2).str("price", "-Infinity").json(), c.ev(3).str("event_timestamp", "NaN").json()))
                .outcome(400, 0, 4, "wrong_type", "wrong_type", "wrong_type", "timestamp_format");

        c = add("price with 3 decimals (1.230 is 1.23)");
        c.json(array(c.ev(0).raw("price", "0.001").json(), c.ev(1).raw("price", "19.999").json(),
                        c.ev(2).str("price", "1.005").json(), c.ev(3).raw("price", "1.230").json()))
                .outcome(202, 1, 3, "price_scale", "price_scale", "price_scale");
        c = add("negative price");
        c.json(array(c.ev(0).raw("price", "-0.01").json(), c.ev(1).str("price", "-5").json(),
                        c.ev(2).raw("price", "-1e-2").json()))
                .outcome(400, 0, 3, "price_range", "price_range", "price_range");
        c = add("price as a numeric string");
        c.json(array(c.ev(0).str("price", "19.99").json(), c.ev(1).str("price", "1e2").json(),
                        c.ev(2).str("price", " 19.99").json(), c.ev(3).str("price", "0x10").json(),
                        c.ev(4).str("price", "").json()))
                .outcome(202, 2, 3, "wrong_type", "wrong_type", "empty");
    }

    private void strings() {
        // Control characters, escaped (a JSON string may carry them so), in each string field.
        Case c = add("control characters in event_id");
        c.json(array(c.ev(0).str("event_id", c.id(0) + "\u0000").json(), c.ev(1).str("event_id", c.id(1) + "\u001b").json()))
                .outcome(400, 0, 2, "event_id_format", "event_id_format");
        c = add("control characters in user_id (NUL, US, DEL, C1 NEL)");
        c.json(array(c.ev(0).str("user_id", c.marker + "\u0000").json(), c.ev(1).str("user_id", c.marker + "\u001f").json(),
                        c.ev(2).str("user_id", c.marker + "\u007f").json(), c.ev(3).str("user_id", c.marker + "\u0085").json()))
                .outcome(400, 0, 4, "control_character", "control_character", "control_character", "control_character");
        c = add("control characters in product_id (NUL, TAB)");
        c.json(array(c.ev(0).str("product_id", "\u0000p").json(), c.ev(1).str("product_id", "p\tq").json()))
                .outcome(400, 0, 2, "control_character", "control_character");
        c = add("control characters in event_type");
        c.json(c.ev(0).str("event_type", "view\u0000").json()).outcome(400, 0, 1, "event_type_unknown");
        c = add("control characters in price");
        c.json(c.ev(0).str("price", "1\u0000").json()).outcome(400, 0, 1, "wrong_type");
        c = add("control characters in event_timestamp");
        c.json(c.ev(0).str("event_timestamp", TIMESTAMP + "\u0000").json()).outcome(400, 0, 1, "timestamp_format");
        c = add("a raw (unescaped) control byte inside a string");
        c.json(c.ev(0).json().replace("\"p-1\"", "\"p\u0001\"")).error(400, "invalid JSON");
        c = add("a raw NUL byte in the body");
        c.json(c.ev(0).json().replace("\"p-1\"", "\"p\u0000\"")).error(400, "NUL byte");
        c = add("CR and LF inside user_id and product_id are control characters");
        c.json(array(c.ev(0).str("user_id", c.marker + "\r\nx").json(), c.ev(1).str("product_id", "a\nb").json(),
                        c.ev(2).str("product_id", "a\rb").json()))
                .outcome(400, 0, 3, "control_character", "control_character", "control_character");

        c = add("quotes, commas and backslashes round-trip through the CSV");
        List<String> tricky = List.of("a,b", "say \"hi\", \"bye\"", "\"", ",", "\"\"", "back\\slash,\"x\"", " , ");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < tricky.size(); i++) {
            events.add(c.ev(i).str("user_id", tricky.get(i)).str("product_id", tricky.get(tricky.size() - 1 - i)).json());
            c.roundTrip(c.id(i), tricky.get(i), tricky.get(tricky.size() - 1 - i));
        }
        c.json(array(events)).outcome(202, tricky.size(), 0);
        c = add("right-to-left text and combining marks are stored unchanged");
        List<String> rtl = List.of("\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd abc", "\u202eevil\u202c",
                "e\u0301\u0308", "A\u030a\u0323", "\u0627\u0644\u0633\u0651\u064e\u0644\u0627\u0645");
        events = new ArrayList<>();
        for (int i = 0; i < rtl.size(); i++) {
            events.add(c.ev(i).str("user_id", rtl.get(i)).str("product_id", rtl.get(rtl.size() - 1 - i)).json());
            c.roundTrip(c.id(i), rtl.get(i), rtl.get(rtl.size() - 1 - i));
        }
        c.json(array(events)).outcome(202, rtl.size(), 0);
        c = add("formula-like prefixes in user_id and product_id are kept");
        List<String> formulas = List.of("=SUM(A1:A9)", "+1", "-2", "@cmd", "=HYPERLINK(\"x\")", "-=+@");
        events = new ArrayList<>();
        for (int i = 0; i < formulas.size(); i++) {
            events.add(c.ev(i).str("user_id", formulas.get(i)).str("product_id", formulas.get(formulas.size() - 1 - i)).json());
            c.roundTrip(c.id(i), formulas.get(i), formulas.get(formulas.size() - 1 - i));
        }
        c.json(array(events)).outcome(202, formulas.size(), 0);
        c = add("formula-like prefixes in event_id: '-' is in its alphabet, '=', '+', '@' are not");
        c.json(array(c.ev(0).str("event_id", "-" + c.id(0)).json(), c.ev(1).str("event_id", "=" + c.id(1)).json(),
                        c.ev(2).str("event_id", "+" + c.id(2)).json(), c.ev(3).str("event_id", "@" + c.id(3)).json()))
                .outcome(202, 1, 3, "event_id_format", "event_id_format", "event_id_format");
        c.roundTrip("-" + c.id(0), c.marker, "p-1");

        c = add("event_id of exactly 64 characters vs 65");
        String id64 = pad(c.marker, 64);
        c.json(array(c.ev(0).str("event_id", id64).json(), c.ev(1).str("event_id", id64 + "y").json()))
                .outcome(202, 1, 1, "too_long");
        c.roundTrip(id64, c.marker, "p-1");
        c = add("user_id of 64 vs 65 code points, emoji counting one");
        String emoji64 = "\uD83D\uDE00".repeat(64);
        c.json(array(c.ev(0).str("user_id", emoji64).json(), c.ev(1).str("user_id", emoji64 + "\uD83D\uDED2").json()))
                .outcome(202, 1, 1, "too_long");
        c.roundTrip(c.id(0), emoji64, "p-1");
        c = add("product_id of 64 vs 65 code points, emoji counting one");
        String mixed64 = "p".repeat(63) + "\uD83D\uDED2";
        c.json(array(c.ev(0).str("product_id", mixed64).json(), c.ev(1).str("product_id", "p" + mixed64).json()))
                .outcome(202, 1, 1, "too_long");
        c.roundTrip(c.id(0), c.marker, mixed64);
        c = add("a 100,000-character user_id is refused with a short message");
        c.json(c.ev(0).str("user_id", c.marker + "x".repeat(100_000)).json()).outcome(400, 0, 1, "too_long");

        c = add("lone surrogate escapes");
        c.json(array(c.ev(0).str("user_id", "\uD800").json(), c.ev(1).str("product_id", "x\uDC00").json(),
                        c.ev(2).str("user_id", "\uDC00\uD800").json(), c.ev(3).str("event_id", c.id(3) + "\uD800").json(),
                        c.ev(4).raw("user_id", "\"\\ud83d\\ude00\"").json()))
                .outcome(202, 1, 4, "invalid_unicode", "invalid_unicode", "invalid_unicode", "event_id_format");
        c.roundTrip(c.id(4), "\uD83D\uDE00", "p-1");
        c = add("event_id with spaces or non-ASCII digits");
        c.json(array(c.ev(0).str("event_id", c.id(0) + " x").json(), c.ev(1).str("event_id", c.id(1) + "\u0663").json()))
                .outcome(400, 0, 2, "event_id_format", "event_id_format");
        c = add("event_type in another case or padded");
        c.json(array(c.ev(0).str("event_type", "VIEW").json(), c.ev(1).str("event_type", "view ").json()))
                .outcome(400, 0, 2, "event_type_unknown", "event_type_unknown");
    }

    private void fields() {
        Map<String, List<String>> wrong = new LinkedHashMap<>();
        wrong.put("event_id", List.of("42", "true", "[\"a\"]", "{\"id\":\"a\"}"));
        wrong.put("user_id", List.of("7", "false", "[]", "{}"));
        wrong.put("event_type", List.of("1", "true", "[\"view\"]", "{\"type\":\"view\"}"));
        wrong.put("product_id", List.of("311", "true", "[\"p\"]", "{}"));
        wrong.put("price", List.of("true", "[19.99]", "{\"amount\":19.99}"));
        wrong.put("event_timestamp", List.of("true", "[\"" + TIMESTAMP + "\"]", "{\"at\":1}"));
        for (var field : wrong.entrySet()) {
            Case c = add("wrong type for " + field.getKey());
            List<String> events = new ArrayList<>();
            for (int i = 0; i < field.getValue().size(); i++) {
                events.add(c.ev(i).raw(field.getKey(), field.getValue().get(i)).json());
            }
            c.json(array(events)).outcome(400, 0, events.size(), repeat("wrong_type", events.size()));
        }
        for (String field : List.of("event_id", "user_id", "event_type", "product_id", "price", "event_timestamp")) {
            Case c = add(field + " missing, or null");
            c.json(array(c.ev(0).drop(field).json(), c.ev(1).raw(field, "null").json()))
                    .outcome(400, 0, 2, "missing_field", "missing_field");
        }
        Case c = add("unknown extra fields are ignored");
        c.json(c.ev(0).raw("extra", "{\"nested\":[1,{\"a\":null}],\"s\":\"" + "z".repeat(100_000) + "\"}")
                .raw("Price", "\"not the price\"").raw("EVENT_ID", "7").raw("", "null").json()).outcome(202, 1, 0);

        c = add("duplicated keys in one event");
        c.ndjson(c.ev(0).json() + "\n" + c.ev(1).json().replace("}", ",\"price\":0}") + "\n").error(400, "Duplicate field");
        c = add("duplicated keys nested in an ignored field");
        c.json(c.ev(0).raw("extra", "{\"a\":1,\"a\":2}").json()).error(400, "Duplicate field");
    }

    private void shapes() {
        Case c = add("empty array, with whitespace");
        c.json("[ \r\n\t ]").error(400, "no events");
        c = add("empty body (NDJSON)");
        c.ndjson("").error(400, "no events");
        c = add("whitespace-only body (JSON)");
        c.json(" \r\n\t \n").error(400, "empty");
        c = add("whitespace-only body (NDJSON)");
        c.ndjson(" \r\n\t \n\n").error(400, "no events");
        c = add("array of numbers");
        c.json("[1,2,3]").error(400, "element 0 of the array is a number");
        c = add("array of strings");
        c.json("[\"" + c.marker + "\"]").error(400, "element 0 of the array is a string");
        c = add("array of nulls");
        c.json("[null,null]").error(400, "element 0 of the array is null");
        c = add("array of arrays");
        c.json("[[" + c.ev(0).json() + "]]").error(400, "element 0 of the array is an array");
        c = add("top-level number");
        c.json("42").error(400, "the body is a number");
        c = add("top-level boolean");
        c.json("true").error(400, "the body is a boolean");
        c = add("top-level null");
        c.json("null").error(400, "the body is null");
    }

    private void ndjson() {
        Case c = add("NDJSON with blank lines, CRLF and tabs");
        c.ndjson("\r\n\t\n" + c.ev(0).json() + "\r\n \r\n\n" + c.ev(1).json() + "\n\t \t\n" + c.ev(2).json() + "\r\n\r\n")
                .outcome(202, 3, 0);
        c = add("NDJSON with one invalid event among good ones");
        c.ndjson(c.ev(0).json() + "\n" + c.ev(1).raw("price", "-1").json() + "\n" + c.ev(2).json())
                .outcome(202, 2, 1, "price_range");
        c = add("NDJSON with one unparseable line among good ones");
        c.ndjson(c.ev(0).json() + "\n" + c.ev(1).json() + "\n{\"event_id\":" + "\n" + c.ev(3).json() + "\n")
                .error(400, "line 3: invalid JSON");
        c = add("NDJSON with trailing garbage after an object");
        c.ndjson(c.ev(0).json() + "\n" + c.ev(1).json() + " garbage\n").error(400, "line 2: ");
        c = add("NDJSON with a second object on one line");
        c.ndjson(c.ev(0).json() + c.ev(1).json() + "\n").error(400, "line 1: unexpected content after the JSON object");
        c = add("NDJSON with a garbage last line");
        c.ndjson(c.ev(0).json() + "\n" + c.ev(1).json() + "\n\u00ff\u00fe]]").error(400, "line 3: ");
        c = add("NDJSON with an array on a line");
        c.ndjson("[" + c.ev(0).json() + "]\n").error(400, "line 1: is an array");
    }

    private void encodings() {
        Case c = add("gzip bomb (NDJSON): 64 MiB of newlines in 64 KiB");
        c.raw(NDJSON, "gzip", bomb(64 << 20), null).error(413, "inflates to more than");
        c = add("Content-Encoding gzip on a plain body");
        c.json(c.ev(0).json()).encoding("gzip").error(400, "not valid gzip");
        c = add("truncated gzip");
        byte[] gzipped = gzip(utf8(array(c.ev(0).json(), c.ev(1).json())));
        c.raw(JSON, "gzip", Arrays.copyOf(gzipped, gzipped.length - 12), null).error(400, "not valid gzip");
        c = add("gzip NDJSON with an invalid event");
        c.ndjson(c.ev(0).json() + "\n" + c.ev(1).raw("price", "1.001").json()).gzip().outcome(202, 1, 1, "price_scale");
        c = add("Content-Encoding deflate");
        c.json(c.ev(0).json()).encoding("deflate").error(415, "Content-Encoding must be gzip");

        c = add("Content-Type text/plain with charset");
        c.json(c.ev(0).json()).type("text/plain; charset=utf-8").error(415, "application/json or application/x-ndjson");
        c = add("Content-Type multipart/form-data");
        c.json(c.ev(0).json()).type("multipart/form-data; boundary=x").error(415, "got multipart/form-data");
        c = add("no Content-Type");
        c.json(c.ev(0).json()).type(null).error(415, "got none");
        c = add("Content-Type application/jsonl");
        c.json(c.ev(0).json()).type("application/jsonl").error(415, "got application/jsonl");
        c = add("Content-Type in upper case");
        c.json(c.ev(0).json()).type("Application/JSON").outcome(202, 1, 0);
        c = add("Content-Type with charset=utf-8");
        c.ndjson(c.ev(0).json()).type("application/x-ndjson; charset=UTF-8").outcome(202, 1, 0);
        c = add("charset=utf-16 declared, UTF-16 body with a byte order mark");
        c.raw("application/json; charset=utf-16", null, array(c.ev(0).json()).getBytes(StandardCharsets.UTF_16), null)
                .error(400, "not valid UTF-8");
        c = add("charset=utf-16 declared, UTF-8 body (the parameter is ignored)");
        c.json(c.ev(0).json()).type("application/json; charset=utf-16").outcome(202, 1, 0);
        c = add("UTF-16LE body without a byte order mark");
        c.raw(JSON, null, array(c.ev(0).raw("price", "1.999").json()).getBytes(StandardCharsets.UTF_16LE), null)
                .error(400, "NUL byte");
        c = add("UTF-32 body with a byte order mark");
        c.raw(JSON, null, concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF},
                c.ev(0).raw("price", "1.999").json().getBytes(Charset.forName("UTF-32BE"))), null).error(400, "NUL byte");

        c = add("invalid UTF-8: overlong encodings");
        c.json(replace(c.ev(0).json(), "\"p-1\"", new byte[] {'"', 'p', (byte) 0xC0, (byte) 0xAF, '"'})).error(400, "not valid UTF-8");
        c = add("invalid UTF-8: 3-byte overlong and encoded surrogate");
        c.ndjson(c.ev(0).json() + "\n").appendBytes(replace(c.ev(1).json(), "p-1",
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80})).error(400, "not valid UTF-8");
        c = add("invalid UTF-8: beyond U+10FFFF");
        c.json(replace(c.ev(0).json(), "p-1", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).error(400, "not valid UTF-8");
        c = add("invalid UTF-8: lone continuation byte and 0xFF");
        c.json(replace(c.ev(0).json(), "p-1", new byte[] {'p', (byte) 0x80, (byte) 0xFF})).error(400, "not valid UTF-8");
        c = add("invalid UTF-8: sequence cut by the end of the body");
        c.ndjson(c.ev(0).json() + "\n").appendBytes(new byte[] {(byte) 0xE2, (byte) 0x82}).error(400, "not valid UTF-8");
        c = add("Latin-1 text declared as charset=iso-8859-1");
        c.raw("application/x-ndjson; charset=iso-8859-1", null,
                c.ev(0).str("user_id", c.marker + "Zo\u00eb").json().getBytes(StandardCharsets.ISO_8859_1), null)
                .error(400, "not valid UTF-8");
        c = add("UTF-8 byte order mark before a JSON array");
        c.raw(JSON, null, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                utf8(array(c.ev(0).json(), c.ev(1).raw("price", "1.999").json()))), null).outcome(202, 1, 1, "price_scale");
        c = add("UTF-8 byte order mark before NDJSON");
        c.raw(NDJSON, null, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                utf8(c.ev(0).raw("price", "1.999").json() + "\n" + c.ev(1).json())), null).outcome(202, 1, 1, "price_scale");
    }

    private void limits() {
        Case c = add("exactly 10,000 events (NDJSON)");
        c.ndjson(IntStream.range(0, MAX_EVENTS).mapToObj(i -> c.ev(i).json()).collect(Collectors.joining("\n")))
                .outcome(202, MAX_EVENTS, 0);
        Case over = add("10,001 events (NDJSON)");
        over.ndjson(IntStream.range(0, MAX_EVENTS + 1).mapToObj(i -> over.ev(i).json()).collect(Collectors.joining("\n")))
                .error(413, "more than 10000 events");
        Case exact = add("body of exactly COLLECTOR_MAX_BODY_BYTES");
        exact.json(padded(exact.ev(0).json(), MAX_BODY_BYTES)).outcome(202, 1, 0);
        Case oneOver = add("body one byte over COLLECTOR_MAX_BODY_BYTES");
        oneOver.json(padded(oneOver.ev(0).json(), MAX_BODY_BYTES + 1)).error(413, "COLLECTOR_MAX_BODY_BYTES");
    }

    private void values() {
        Case c = add("timestamps more than 24 h in the future");
        Instant now = Instant.now();
        c.json(array(c.ev(0).str("event_timestamp", now.plus(Duration.ofHours(25)).toString()).json(),
                        c.ev(1).str("event_timestamp", now.plus(Duration.ofHours(23)).toString()).json()))
                .outcome(202, 1, 1, "timestamp_future");
        c = add("timestamps without an offset");
        c.json(array(c.ev(0).str("event_timestamp", "2026-11-24T10:15:30").json(),
                        c.ev(1).str("event_timestamp", "2026-11-24 10:15:30Z").json(),
                        c.ev(2).str("event_timestamp", "2026-11-24").json()))
                .outcome(400, 0, 3, "timestamp_format", "timestamp_format", "timestamp_format");
        c = add("timestamps as epoch milliseconds");
        c.json(array(c.ev(0).raw("event_timestamp", "1764000000000").json(),
                        c.ev(1).str("event_timestamp", "1764000000000").json(),
                        c.ev(2).raw("event_timestamp", "1.764e12").json()))
                .outcome(202, 2, 1, "timestamp_format");
    }

    // ---------------------------------------------------------------- building

    Case add(String name) {
        return new Case(name, "h" + run + "." + (++next) + ":");
    }

    /** One class being built; {@link #outcome}, {@link #success} or {@link #error} adds it to the corpus. */
    final class Case {
        final String name;
        final String marker;
        private String method = "POST";
        private String path = "/events";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String contentType = JSON;
        private String encoding;
        private byte[] body;
        private byte[] decoded;
        private final List<RoundTrip> roundTrips = new ArrayList<>();
        private final List<String> kept = new ArrayList<>();
        private String deviation;

        Case(String name, String marker) {
            this.name = name;
            this.marker = marker;
        }

        String id(int i) {
            return marker + i;
        }

        /** A valid event: its id is the marker and {@code i}, its user id the marker. */
        Event ev(int i) {
            return new Event().str("event_id", id(i)).str("user_id", marker).str("event_type", "view")
                    .str("product_id", "p-1").raw("price", "19.99").str("event_timestamp", TIMESTAMP);
        }

        Case json(String text) {
            return raw(JSON, null, utf8(text), null);
        }

        Case ndjson(String text) {
            return raw(NDJSON, null, utf8(text), null);
        }

        Case json(byte[] bytes) {
            return raw(JSON, null, bytes, null);
        }

        Case raw(String type, String contentEncoding, byte[] bytes, byte[] decodedBytes) {
            contentType = type;
            encoding = contentEncoding;
            body = bytes;
            decoded = decodedBytes != null ? decodedBytes : "gzip".equals(contentEncoding) ? new byte[0] : bytes;
            return this;
        }

        Case appendBytes(byte[] more) {
            body = concat(body, more);
            decoded = body;
            return this;
        }

        Case type(String type) {
            contentType = type;
            return this;
        }

        Case encoding(String contentEncoding) {
            encoding = contentEncoding;
            return this;
        }

        Case gzip() {
            decoded = body;
            body = HostileCorpus.gzip(body);
            encoding = "gzip";
            return this;
        }

        Case roundTrip(String eventId, String userId, String productId) {
            roundTrips.add(new RoundTrip(eventId, userId, productId));
            return this;
        }

        /** POSTs to {@code target} instead of {@code /events}. */
        Case to(String target) {
            path = target;
            return this;
        }

        /** A GET of {@code target} (path and query string, as sent), without a body. */
        Case get(String target) {
            method = "GET";
            path = target;
            contentType = null;
            body = new byte[0];
            int query = target.indexOf('?');
            decoded = utf8(query < 0 ? "" : target.substring(query + 1));
            return this;
        }

        Case header(String header, String value) {
            headers.put(header, value);
            return this;
        }

        /** The exact texts of the records {@code error/} must hold, in order. */
        Case kept(String... texts) {
            kept.addAll(List.of(texts));
            return this;
        }

        /** A reported deviation from the contract: the answer's body is not checked, only its status and the files. */
        Case deviation(String what) {
            deviation = what;
            return this;
        }

        Case outcome(int status, int accepted, int rejected, String... reasons) {
            return add(status, HostileRequest.Answer.OUTCOME, null, accepted, rejected, reasons);
        }

        /**
         * A tracker path's success (the answer by the path: Segment's JSON, Snowplow's {@code ok} or GIF),
         * with {@code accepted} rows in {@code raw/} and {@code rejected} records in {@code error/}.
         */
        Case success(int accepted, int rejected, String... reasons) {
            HostileRequest.Answer answer = path.startsWith("/v1/") ? HostileRequest.Answer.SEGMENT_SUCCESS
                    : path.startsWith("/i") ? HostileRequest.Answer.PIXEL : HostileRequest.Answer.SNOWPLOW_OK;
            return add(200, answer, null, accepted, rejected, reasons);
        }

        Case error(int status, String part) {
            return add(status, HostileRequest.Answer.ERROR, part, 0, 0);
        }

        private Case add(int status, HostileRequest.Answer answer, String part, int accepted, int rejected, String... reasons) {
            requests.add(new HostileRequest(name, method, path, Map.copyOf(headers), contentType, encoding, body, decoded,
                    status, answer, part, accepted, rejected, List.of(reasons), List.copyOf(kept), marker,
                    List.copyOf(roundTrips), deviation));
            return this;
        }
    }

    /** An event object as JSON text, field by field; values are JSON text as given. */
    static final class Event {
        private final Map<String, String> fields = new LinkedHashMap<>();

        Event raw(String field, String jsonValue) {
            fields.put(field, jsonValue);
            return this;
        }

        Event str(String field, String value) {
            return raw(field, quote(value));
        }

        Event drop(String field) {
            fields.remove(field);
            return this;
        }

        String json() {
            return fields.entrySet().stream().map(f -> quote(f.getKey()) + ":" + f.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
        }
    }

    /**
     * A JSON string literal: quotes, backslashes, C0 controls and unpaired surrogates escaped (an
     * unpaired surrogate has no UTF-8 form, only an escape); everything else as it is.
     */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            boolean paired = Character.isHighSurrogate(ch) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                    || Character.isLowSurrogate(ch) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
            if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else if (ch < 0x20 || Character.isSurrogate(ch) && !paired) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.append('"').toString();
    }

    static String array(String... objects) {
        return array(List.of(objects));
    }

    static String array(List<String> objects) {
        return String.join(",", objects).transform(s -> "[" + s + "]");
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code size} newlines, gzipped: about a thousandth of that on the wire. */
    static byte[] bomb(int size) {
        byte[] newlines = new byte[1 << 20];
        Arrays.fill(newlines, (byte) '\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            for (int written = 0; written < size; written += newlines.length) {
                gzip.write(newlines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code [event]} padded with spaces to exactly {@code size} bytes. */
    private static byte[] padded(String event, int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        byte[] start = utf8("[" + event);
        System.arraycopy(start, 0, body, 0, start.length);
        body[size - 1] = ']';
        return body;
    }

    private static String cut(String text, String through) {
        int at = text.indexOf(through);
        if (at < 0) {
            throw new IllegalArgumentException(through + " not in " + text);
        }
        return text.substring(0, at + through.length());
    }

    private static String pad(String prefix, int length) {
        return prefix + "x".repeat(length - prefix.length());
    }

    static String[] repeat(String code, int times) {
        String[] codes = new String[times];
        Arrays.fill(codes, code);
        return codes;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The UTF-8 text with its only occurrence of {@code what} replaced by raw bytes. */
    private static byte[] replace(String text, String what, byte[] with) {
        int at = text.indexOf(what);
        if (at < 0 || text.indexOf(what, at + 1) >= 0) {
            throw new IllegalArgumentException(what + " not once in " + text);
        }
        return concat(concat(utf8(text.substring(0, at)), with), utf8(text.substring(at + what.length())));
    }
}

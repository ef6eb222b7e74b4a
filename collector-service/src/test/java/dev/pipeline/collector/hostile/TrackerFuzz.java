package dev.pipeline.collector.hostile;

import static dev.pipeline.collector.hostile.FuzzBodies.fieldValue;
import static dev.pipeline.collector.hostile.FuzzBodies.identifiers;
import static dev.pipeline.collector.hostile.FuzzBodies.jsonValues;
import static dev.pipeline.collector.hostile.FuzzBodies.randomNumbers;
import static dev.pipeline.collector.hostile.FuzzBodies.randomStrings;
import static dev.pipeline.collector.hostile.FuzzBodies.utf8;
import static dev.pipeline.collector.hostile.FuzzBodies.validPrices;
import static dev.pipeline.collector.hostile.FuzzBodies.validTimestamps;
import static dev.pipeline.collector.hostile.HostileCorpus.quote;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of tracker requests for {@link HostileFuzzIT}: Segment batches and Snowplow
 * {@code tp2} bodies in the SDKs' shapes with random values in every field the mapping reads (well
 * formed by construction: each must be a success), the same mutated byte by byte, and {@code GET /i}
 * query strings with random parameters.
 */
final class TrackerFuzz {

    static final String BATCH = TrackerCorpus.BATCH;
    static final String TP2 = TrackerCorpus.TP2;

    private TrackerFuzz() {
    }

    /**
     * A tracker request.
     *
     * @param method {@code POST} or {@code GET}
     * @param path the target, a GET's with its query string (always valid percent-encoding here)
     * @param wellFormed whether the body is the protocol's JSON by construction (a GET: whether it has {@code e}), so that
     *     the answer must be a success; a GET without {@code e} must be a 400
     */
    record TrackerRequest(String kind, String method, String path, String contentType, byte[] body, boolean wellFormed) {

        @Override
        public String toString() {
            StringBuilder shown = new StringBuilder();
            for (int i = 0; i < Math.min(body.length, 800); i++) {
                int b = body[i] & 0xFF;
                shown.append(b >= 0x20 && b < 0x7F && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
            return kind + " " + method + " " + (path.length() > 800 ? path.substring(0, 800) + "…" : path) + " Content-Type="
                    + contentType + " body(" + body.length + " bytes)=" + shown + (body.length > 800 ? "…" : "");
        }
    }

    // ---------------------------------------------------------------- Segment

    /** A JSON value for a field: mostly {@code valid}, else random; {@code null} leaves the field out. */
    private static Arbitrary<String> field(Arbitrary<String> valid) {
        return fieldValue(valid);
    }

    static Arbitrary<String> productJson() {
        return Combinators.combine(field(identifiers().map(HostileCorpus::quote)), field(validPrices()),
                        field(Arbitraries.oneOf(Arbitraries.integers().between(0, 5).map(String::valueOf),
                                Arbitraries.of("\"2\"", "1.5", "-1", "1e3", "\"two\""))),
                        Arbitraries.of("product_id", "product_id", "id", "sku"))
                .as((id, price, quantity, idKey) -> members(List.of(idKey, "price", "quantity"), Arrays.asList(id, price, quantity)));
    }

    static Arbitrary<String> products() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, productJson().list().ofMaxSize(6).map(p -> "[" + String.join(",", p) + "]")),
                Tuple.of(1, jsonValues(2, true)));
    }

    /** A message as analytics-node or RudderStack sends it, with random values where the mapping looks. */
    static Arbitrary<String> segmentMessages() {
        Arbitrary<String> type = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("\"track\"")),
                Tuple.of(2, Arbitraries.of("\"page\"", "\"identify\"", "\"screen\"", "\"group\"", "\"alias\"")),
                Tuple.of(1, randomStrings().map(HostileCorpus::quote)), Tuple.of(1, jsonValues(1, true)));
        Arbitrary<String> event = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("\"Product Viewed\"", "\"Product Added\"", "\"Order Completed\"", "\"order completed\"")),
                Tuple.of(1, Arbitraries.of("\"Coupon Entered\"", "\"\"", "null", "42")),
                Tuple.of(1, randomStrings().map(HostileCorpus::quote)));
        Arbitrary<String> properties = Arbitraries.frequencyOf(
                Tuple.of(8, Combinators.combine(field(identifiers().map(HostileCorpus::quote)), field(validPrices()), field(products()))
                        .as((id, price, products) -> members(List.of("product_id", "price", "products", "currency"),
                                Arrays.asList(id, price, products, "\"EUR\"")))),
                Tuple.of(1, jsonValues(2, true)));
        Arbitrary<String> user = field(identifiers().map(HostileCorpus::quote));
        Arbitrary<String> timestamp = field(validTimestamps());
        Arbitrary<String> messageId = field(Arbitraries.oneOf(FuzzBodies.eventIds(), randomStrings()).map(HostileCorpus::quote));
        return Combinators.combine(type, event, properties, user, timestamp, messageId, Arbitraries.of("timestamp", "originalTimestamp"))
                .as((t, e, p, u, ts, id, when) -> members(
                        List.of(when, "integrations", "event", "type", "properties", "context", "userId", "anonymousId", "messageId", "_metadata"),
                        Arrays.asList(ts, "{}", e, t, p,
                                "{\"library\":{\"name\":\"@segment/analytics-node\",\"version\":\"3.1.0\"}}", u, "\"anon-1\"", id,
                                "{\"nodeVersion\":\"v20.20.2\",\"jsRuntime\":\"node\"}")));
    }

    /** {@code POST /v1/batch} of one to eight such messages: well formed, so always answered {@code {"success":true}}. */
    static Arbitrary<TrackerRequest> segmentBatches() {
        return Combinators.combine(segmentMessages().list().ofMinSize(1).ofMaxSize(8), Arbitraries.of("application/json",
                        "application/x-www-form-urlencoded", "text/plain"), Arbitraries.integers().between(0, 3))
                .as((messages, type, gzip) -> {
                    byte[] body = utf8(TrackerCorpus.batch(messages));
                    return new TrackerRequest("segment", "POST", BATCH, type, gzip == 0 ? HostileCorpus.gzip(body) : body, true);
                });
    }

    static Arbitrary<TrackerRequest> mutatedSegmentBatches() {
        return mutated(segmentBatches().filter(r -> r.body()[0] == '{'));
    }

    // ---------------------------------------------------------------- Snowplow

    static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(text));
    }

    /** ue_px / ue_pr: an e-commerce action of a random type, another self-describing event, random JSON or not JSON. */
    static Arbitrary<String> selfDescribing() {
        Arbitrary<String> action = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("product_view", "add_to_cart", "transaction").map(HostileCorpus::quote)),
                Tuple.of(1, randomStrings().map(HostileCorpus::quote)), Tuple.of(1, jsonValues(1, false)));
        return Arbitraries.frequencyOf(
                Tuple.of(6, action.map(type -> "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\",\"data\":"
                        + "{\"schema\":\"" + TrackerCorpus.ACTION + "\",\"data\":{\"type\":" + type + "}}}")),
                Tuple.of(1, jsonValues(3, false)),
                Tuple.of(1, randomStrings()));
    }

    /** co / cx: product entities with random values among other entities, random JSON or not JSON. */
    static Arbitrary<String> contexts() {
        Arbitrary<String> product = Combinators.combine(field(identifiers().map(HostileCorpus::quote)),
                        field(Arbitraries.oneOf(validPrices(), randomNumbers(false), randomStrings().map(HostileCorpus::quote))),
                        field(Arbitraries.oneOf(Arbitraries.integers().between(0, 5).map(String::valueOf), randomNumbers(false))))
                .as((id, price, quantity) -> "{\"schema\":\"" + TrackerCorpus.PRODUCT + "\",\"data\":"
                        + members(List.of("id", "price", "quantity", "currency"), Arrays.asList(id, price, quantity, "\"EUR\""))
                        + "}");
        Arbitrary<String> entity = Arbitraries.frequencyOf(Tuple.of(5, product),
                Tuple.of(1, Arbitraries.just("{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/transaction/jsonschema/1-0-0\","
                        + "\"data\":{\"transaction_id\":\"o-1\",\"revenue\":41.48}}")),
                Tuple.of(1, jsonValues(2, false)));
        return Arbitraries.frequencyOf(
                Tuple.of(6, entity.list().ofMaxSize(5).map(list -> TrackerCorpus.contexts(list.toArray(String[]::new)))),
                Tuple.of(1, jsonValues(3, false)),
                Tuple.of(1, randomStrings()));
    }

    /** The node tracker's event fields, each value a string, some random; name and value pairs, {@code null} left out. */
    static Arbitrary<List<String[]>> snowplowFields() {
        Arbitrary<String> e = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("ue")), Tuple.of(1, Arbitraries.of("pv", "tr", "se", "")),
                Tuple.of(1, randomStrings()));
        Arbitrary<String> encoded = Arbitraries.frequencyOf(Tuple.of(6, selfDescribing().map(TrackerFuzz::b64)),
                Tuple.of(1, randomStrings()), Tuple.of(1, Arbitraries.just((String) null)));
        Arbitrary<String> cx = Arbitraries.frequencyOf(Tuple.of(6, contexts().map(TrackerFuzz::b64)),
                Tuple.of(1, randomStrings()), Tuple.of(1, Arbitraries.just((String) null)));
        Arbitrary<String> user = Arbitraries.frequencyOf(Tuple.of(6, identifiers()), Tuple.of(1, randomStrings()),
                Tuple.of(1, Arbitraries.just((String) null)));
        Arbitrary<String> time = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(TrackerCorpus.EPOCH_MS, "1764000000000")),
                Tuple.of(1, randomStrings()), Tuple.of(1, Arbitraries.just((String) null)));
        Arbitrary<String> eid = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.create(() -> java.util.UUID.randomUUID().toString())),
                Tuple.of(1, randomStrings()));
        return Combinators.combine(e, eid, user, time, encoded, cx, Arbitraries.of("dtm", "ttm"))
                .as((ev, id, uid, when, ue, context, whenKey) -> {
                    List<String[]> fields = new ArrayList<>();
                    fields.add(new String[] {"e", ev});
                    fields.add(new String[] {"eid", id});
                    fields.add(new String[] {"p", "srv"});
                    fields.add(new String[] {"tv", "node-4.8.0"});
                    fields.add(new String[] {"uid", uid});
                    fields.add(new String[] {whenKey, when});
                    fields.add(new String[] {"ue_px", ue});
                    fields.add(new String[] {"cx", context});
                    fields.add(new String[] {"stm", TrackerCorpus.EPOCH_MS});
                    fields.removeIf(f -> f[1] == null);
                    return fields;
                });
    }

    static Arbitrary<TrackerRequest> snowplowBodies() {
        return snowplowFields().map(fields -> fields.stream().map(f -> quote(f[0]) + ":" + quote(f[1]))
                        .collect(Collectors.joining(",", "{", "}"))).list().ofMinSize(1).ofMaxSize(6)
                .map(events -> new TrackerRequest("snowplow", "POST", TP2, "application/json; charset=UTF-8",
                        utf8(TrackerCorpus.payload(events)), true));
    }

    static Arbitrary<TrackerRequest> mutatedSnowplowBodies() {
        return mutated(snowplowBodies());
    }

    /** {@code GET /i} with the fields of one event as query parameters, percent-encoded; {@code e} absent at times. */
    static Arbitrary<TrackerRequest> pixels() {
        return Combinators.combine(snowplowFields(), Arbitraries.integers().between(0, 9)).as((fields, drop) -> {
            String query = fields.stream().filter(f -> !(drop == 0 && f[0].equals("e")))
                    .map(f -> f[0] + "=" + URLEncoder.encode(f[1], StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            // Beyond Vert.x' 4,096-byte request line the answer is a 414 before any route; these stay under it.
            return new TrackerRequest("pixel", "GET", "/i?" + (query.length() > 3_500 ? query.substring(0, query.lastIndexOf('&', 3_500)) : query),
                    null, new byte[0], drop != 0);
        });
    }

    // ---------------------------------------------------------------- shared

    private static Arbitrary<TrackerRequest> mutated(Arbitrary<TrackerRequest> valid) {
        return Combinators.combine(valid, FuzzBodies.mutations().list().ofMinSize(1).ofMaxSize(6)).as((request, edits) -> {
            byte[] body = request.body();
            for (FuzzBodies.Mutation edit : edits) {
                body = edit.apply(body);
            }
            return new TrackerRequest(request.kind() + "-mutated", request.method(), request.path(), request.contentType(), body, false);
        });
    }

    /** {@code {"name":value,...}} of the pairs whose value is not {@code null}. */
    private static String members(List<String> names, List<String> values) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (values.get(i) != null) {
                members.add(quote(names.get(i)) + ":" + values.get(i));
            }
        }
        return "{" + String.join(",", members) + "}";
    }
}

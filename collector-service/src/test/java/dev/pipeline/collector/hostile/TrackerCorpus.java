package dev.pipeline.collector.hostile;

import static dev.pipeline.collector.hostile.HostileCorpus.MAX_BODY_BYTES;
import static dev.pipeline.collector.hostile.HostileCorpus.MAX_EVENTS;
import static dev.pipeline.collector.hostile.HostileCorpus.TIMESTAMP;
import static dev.pipeline.collector.hostile.HostileCorpus.quote;
import static dev.pipeline.collector.hostile.HostileCorpus.repeat;
import static dev.pipeline.collector.hostile.HostileCorpus.utf8;

import dev.pipeline.collector.hostile.HostileCorpus.Case;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Named classes of hostile requests to the tracker paths: Segment's HTTP Tracking API ({@code POST
 * /v1/batch} and {@code /v1/<call>}) and Snowplow's tracker protocol ({@code POST
 * /com.snowplowanalytics.snowplow/tp2}, {@code GET /i}), each with the answer the contract (shared
 * interfaces page, "Tracker protocols") gives it:
 *
 * <ul>
 *   <li>a success (Segment {@code {"success":true}}, tp2 {@code ok}, {@code /i} a GIF) whenever the
 *       body is the protocol's JSON, also when every event of it is quarantined: a mapped event that
 *       breaks a field rule gets its usual reason code, an unmapped call {@code unmapped_event}, an
 *       unreadable {@code ue_px}/{@code cx} {@code tracker_payload}, an Order Completed without products
 *       {@code missing_field}; each kept with its tracker message's whole text;
 *   <li>400 {@code {"error":...}} with nothing written for a body that is not the protocol's JSON;
 *   <li>413 with nothing written for a body over {@code COLLECTOR_MAX_BODY_BYTES} (after gzip too)
 *       and for a request that expands to more than {@code COLLECTOR_MAX_EVENTS} events and records.
 * </ul>
 *
 * <p>Bodies have the shapes the SDKs send (captured from {@code @segment/analytics-node} 3.1.0,
 * {@code @rudderstack/rudder-sdk-node} 3.0.13 and {@code @snowplow/node-tracker} 4.8.0): every message
 * with its {@code context}, {@code integrations} and {@code _metadata}, Snowplow events with string
 * values and base64url {@code ue_px}/{@code cx} without padding. The marker is each message's user id
 * ({@code userId}, {@code uid}), so every row and record of a class can be found.
 */
final class TrackerCorpus {

    static final String BATCH = "/v1/batch";
    static final String TP2 = "/com.snowplowanalytics.snowplow/tp2";
    /** analytics-node's header: the write key as the Basic user name, empty password. */
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(utf8("test-write-key:"));
    static final String FORM = "application/x-www-form-urlencoded";
    /** {@link #TIMESTAMP} in epoch milliseconds, as Snowplow's {@code ttm}/{@code dtm} carry it. */
    static final String EPOCH_MS = Long.toString(Instant.parse(TIMESTAMP).toEpochMilli());

    static final String ACTION = "iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2";
    static final String PRODUCT = "iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0";

    private final HostileCorpus corpus;

    private TrackerCorpus(HostileCorpus corpus) {
        this.corpus = corpus;
    }

    static void addTo(HostileCorpus corpus) {
        TrackerCorpus trackers = new TrackerCorpus(corpus);
        trackers.segmentShapes();
        trackers.segmentOrders();
        trackers.segmentLimits();
        trackers.segmentPathsAndEncodings();
        trackers.snowplowPayloads();
        trackers.snowplowShapes();
        trackers.pixel();
    }

    // ---------------------------------------------------------------- Segment: the body's shape

    private void segmentShapes() {
        Case c = add("Segment: batch is an object, not an array");
        c.to(BATCH).json(batchOf("{\"batch\":" + viewed(c, 0) + "}")).error(400, "batch must be an array, got an object");
        c = add("Segment: batch is null");
        c.to(BATCH).json("{\"batch\":null,\"writeKey\":\"test-write-key\",\"userId\":" + quote(c.marker) + "}")
                .error(400, "batch must be an array, got null");
        c = add("Segment: batch elements that are not objects, after a valid one");
        c.to(BATCH).json(batch(viewed(c, 0), "42", quote(c.marker))).error(400, "batch[1] is a number, not a message object");
        c = add("Segment: batch of arrays");
        c.to(BATCH).json(batch("[" + viewed(c, 0) + "]")).error(400, "batch[0] is an array, not a message object");
        c = add("Segment: batch of nulls");
        c.to(BATCH).json(batch("null", viewed(c, 0))).error(400, "batch[0] is null, not a message object");
        c = add("Segment: body is an array of messages, not {\"batch\":[...]}");
        c.to(BATCH).json("[" + viewed(c, 0) + "]").error(400, "a /v1/batch body is a JSON object");
        c = add("Segment: body without a batch");
        c.to(BATCH).json("{\"writeKey\":\"test-write-key\",\"messages\":[" + viewed(c, 0) + "]}")
                .error(400, "needs a \"batch\" array");
        c = add("Segment: invalid JSON (cut inside a message)");
        String whole = batch(viewed(c, 0), viewed(c, 1));
        c.to(BATCH).json(whole.substring(0, whole.length() - 60)).error(400, "invalid JSON");
        c = add("Segment: invalid UTF-8 in a message");
        c.to(BATCH).json(withBytes(batch(viewed(c, 0), viewed(c, 1)), "p-1", new byte[] {'p', (byte) 0xC0, (byte) 0xAF}))
                .error(400, "not valid UTF-8");
        c = add("Segment: a key twice in a message");
        c.to(BATCH).json(batch(viewed(c, 0).replace("\"type\":\"track\"", "\"type\":\"track\",\"type\":\"page\""))).error(400, "Duplicate field");
        c = add("Segment: trailing garbage after the body");
        c.to(BATCH).json(batch(viewed(c, 0)) + " {}").error(400, "unexpected content after the JSON value");
        c = add("Segment: a single call's body that is an array");
        c.to("/v1/track").json("[" + viewed(c, 0) + "]").error(400, "a /v1/track body is one JSON message object, got an array");

        c = add("Segment: every call that is no e-commerce event is kept as unmapped_event, whole; event names match in any case");
        List<String> others = List.of(
                message(c, 0, "page", "\"name\":\"Home\",\"properties\":{\"url\":\"http://shop/\"}"),
                message(c, 1, "identify", "\"traits\":{\"email\":\"a@b.c\"}"),
                message(c, 2, "screen", "\"name\":\"Cart\""),
                message(c, 3, "group", "\"groupId\":\"g-1\""),
                message(c, 4, "alias", "\"previousId\":\"anon-1\""),
                track(c, 5, "Coupon Entered", "{\"coupon_id\":\"c-1\"}"),
                track(c, 6, "", "{\"product_id\":\"p-1\",\"price\":1}"),
                message(c, 7, "", "\"event\":\"Product Viewed\",\"properties\":{\"product_id\":\"p-1\",\"price\":1}").replace("\"type\":\"\",", ""),
                message(c, 8, "42", "\"event\":\"Product Viewed\"").replace("\"type\":\"42\"", "\"type\":42"),
                track(c, 9, "product viewed", "{\"product_id\":\"p-9\",\"price\":9.99}"));
        c.to(BATCH).json(batch(others)).header("Authorization", BASIC)
                .kept(others.subList(0, 9).toArray(String[]::new))
                .success(1, 9, repeat("unmapped_event", 9));

        c = add("Segment: mapped events breaking field rules are quarantined with their usual reason, answered success");
        List<String> broken = List.of(
                track(c, 0, "Product Viewed", "{\"product_id\":\"p-1\",\"price\":19.999}"),
                track(c, 1, "Product Added", "{\"product_id\":\"p-1\",\"price\":-1}"),
                track(c, 2, "Product Viewed", "{\"price\":1}"),
                track(c, 3, "Product Added", "{\"product_id\":\"p\\u0000\",\"price\":1}"),
                track(c, 4, "Product Viewed", "{\"product_id\":\"p-1\",\"price\":\"cheap\"}"),
                viewed(c, 5).replace(TIMESTAMP, "2026-11-24T10:15:30"));
        c.to(BATCH).json(batch(broken)).header("Authorization", BASIC).kept(broken.toArray(String[]::new))
                .success(0, 6, "price_scale", "price_range", "missing_field", "control_character", "wrong_type", "timestamp_format");

        c = add("Segment: a single /v1/track call of a real SDK shape");
        String single = viewed(c, 0);
        c.to("/v1/track").json(single).header("Authorization", BASIC).roundTrip(messageId(c, 0), c.marker, "p-0").success(1, 0);
        c = add("Segment: /v1/page of a page call is kept as unmapped_event");
        String page = message(c, 0, "page", "\"name\":\"Home\"");
        c.to("/v1/page").json(page).kept(page).success(0, 1, "unmapped_event");
        c = add("Segment: an empty batch");
        c.to(BATCH).json(batch()).success(0, 0);
    }

    // ---------------------------------------------------------------- Segment: orders

    private void segmentOrders() {
        Case c = add("Segment: Order Completed without products, or with an empty list, is missing_field");
        String none = track(c, 0, "Order Completed", "{\"order_id\":\"o-1\",\"revenue\":41.48}");
        String empty = track(c, 1, "Order Completed", "{\"order_id\":\"o-2\",\"products\":[]}");
        String nulled = track(c, 2, "Order Completed", "{\"order_id\":\"o-3\",\"products\":null}");
        String added = track(c, 3, "Product Added", "{\"product_id\":\"p-2\",\"price\":5.5}");
        c.to(BATCH).json(batch(none, empty, nulled, added)).kept(none, empty, nulled)
                .roundTrip(messageId(c, 3), c.marker, "p-2")
                .success(1, 3, "missing_field", "missing_field", "missing_field");

        c = add("Segment: Order Completed whose products is not an array is missing_field");
        List<String> notArrays = List.of(
                track(c, 0, "Order Completed", "{\"products\":{\"product_id\":\"p-1\",\"price\":19.99}}"),
                track(c, 1, "Order Completed", "{\"products\":\"p-1,p-2\"}"),
                track(c, 2, "Order Completed", "{\"products\":42}"),
                track(c, 3, "Order Completed", "{\"products\":true}"));
        c.to(BATCH).json(batch(notArrays)).kept(notArrays.toArray(String[]::new)).success(0, 4, repeat("missing_field", 4));

        c = add("Segment: an order's refused products are each kept with the whole order");
        String order = track(c, 0, "Order Completed", "{\"order_id\":\"o-1\",\"products\":[{\"product_id\":\"p-1\",\"price\":19.99,"
                + "\"quantity\":1},1,{\"product_id\":\"p-2\",\"price\":-1},{\"product_id\":\"p-3\",\"price\":10.745,\"quantity\":2},"
                + "{\"product_id\":\"p-4\",\"price\":1,\"quantity\":\"two\"}]}");
        c.to(BATCH).json(batch(order)).kept(order, order, order)
                .success(2, 3, "wrong_type", "wrong_type", "price_range");

        c = add("Segment: Order Completed with 10,000 products makes 10,000 purchase rows");
        c.to(BATCH).json(batch(order(c, 0, MAX_EVENTS))).header("Authorization", BASIC).success(MAX_EVENTS, 0);
        c = add("Segment: Order Completed with 10,001 products");
        c.to(BATCH).json(batch(order(c, 0, MAX_EVENTS + 1))).error(413, "COLLECTOR_MAX_EVENTS");
        c = add("Segment: two orders of 5,000 and 5,001 products");
        c.to(BATCH).json(batch(order(c, 0, 5_000), order(c, 1, 5_001))).error(413, "COLLECTOR_MAX_EVENTS");
        c = add("Segment: 10,000 products and one page call make 10,001 records");
        c.to(BATCH).json(batch(order(c, 0, MAX_EVENTS), message(c, 1, "page", "\"name\":\"Home\""))).error(413, "COLLECTOR_MAX_EVENTS");
        c = add("Segment: 5 MB of products that are not objects");
        String ones = "[1" + ",1".repeat((MAX_BODY_BYTES - 1_000) / 2) + "]";
        c.to(BATCH).json(batch(track(c, 0, "Order Completed", "{\"products\":" + ones + "}"))).error(413, "COLLECTOR_MAX_EVENTS");
        c = add("Segment: an order whose refused products would each copy its 400 KB text");
        String bulky = track(c, 0, "Order Completed", "{\"products\":[1" + ",1".repeat(MAX_EVENTS - 1) + "]}")
                .replace("\"context\":{", "\"context\":{\"notes\":\"" + "n".repeat(400_000) + "\",");
        c.to(BATCH).json(batch(bulky)).error(413, "COLLECTOR_MAX_BODY_BYTES");
    }

    // ---------------------------------------------------------------- Segment: size limits

    private void segmentLimits() {
        Case c = add("Segment: a 5 MB context just under the body limit, on a Product Viewed");
        c.to(BATCH).json(sized(batchOf("{\"batch\":[" + withContext(viewed(c, 0)) + "]}"), MAX_BODY_BYTES - 1))
                .header("Authorization", BASIC).roundTrip(messageId(c, 0), c.marker, "p-0").success(1, 0);
        c = add("Segment: a 5 MB context on a page call is kept whole");
        byte[] page = sized(batchOf("{\"batch\":[" + withContext(message(c, 0, "page", "\"name\":\"Home\"")) + "]}"), MAX_BODY_BYTES);
        String text = new String(page, StandardCharsets.UTF_8);
        c.to(BATCH).json(page).kept(text.substring(text.indexOf("{\"timestamp\""), text.lastIndexOf("],\"writeKey\"")))
                .success(0, 1, "unmapped_event");
        c = add("Segment: a 5 MB context one byte over the body limit");
        c.to(BATCH).json(sized(batchOf("{\"batch\":[" + withContext(viewed(c, 0)) + "]}"), MAX_BODY_BYTES + 1))
                .error(413, "COLLECTOR_MAX_BODY_BYTES");
    }

    // ---------------------------------------------------------------- Segment: paths and encodings

    private void segmentPathsAndEncodings() {
        for (String[] path : new String[][] {{"POST", "/v1/import"}, {"POST", "/v1/Track"}, {"POST", "/v1/"}, {"POST", "/v1"},
            {"GET", "/v1/batch"}, {"POST", "/v1/track/extra"}}) {
            Case c = add("Segment: unknown path " + path[0] + " " + path[1]);
            if (path[0].equals("GET")) {
                c.get(path[1] + "?userId=" + c.marker);
            } else {
                c.to(path[1]).json(batch(viewed(c, 0)));
            }
            c.error(404, "is not a Segment path this collector answers");
        }

        Case c = add("Segment: RudderStack's gzipped JSON labelled form-urlencoded");
        String viewed = rudder(c, 0, "Product Viewed", "{\"product_id\":\"p-1\",\"price\":19.99}");
        String added = rudder(c, 1, "Product Added", "{\"product_id\":\"p-2\",\"price\":5.5}");
        c.raw(FORM, null, utf8("{\"batch\":[" + viewed + "," + added + "],\"timestamp\":\"" + TIMESTAMP + "\",\"sentAt\":\""
                + TIMESTAMP + "\"}"), null).gzip().to(BATCH).header("Authorization", BASIC)
                .roundTrip(rudderId(c, 0), c.marker, "p-1").roundTrip(rudderId(c, 1), c.marker, "p-2").success(2, 0);
        c = add("Segment: gzip labelled form-urlencoded without Content-Encoding");
        c.raw(FORM, null, utf8("{\"batch\":[" + rudder(c, 0, "Product Viewed", "{\"product_id\":\"p-1\",\"price\":1}") + "]}"), null)
                .gzip().encoding(null).to(BATCH).success(1, 0);
        c = add("Segment: gzip bomb on /v1/batch: 64 MiB in 64 KiB");
        c.raw(HostileCorpus.JSON, "gzip", HostileCorpus.bomb(64 << 20), null).to(BATCH).error(413, "inflates to more than");
        c = add("Segment: gzip bomb without Content-Encoding, labelled form-urlencoded");
        c.raw(FORM, null, HostileCorpus.bomb(64 << 20), null).to(BATCH).error(413, "inflates to more than");
        c = add("Segment: truncated gzip");
        byte[] gzipped = HostileCorpus.gzip(utf8(batch(viewed(c, 0), viewed(c, 1))));
        c.raw(FORM, "gzip", java.util.Arrays.copyOf(gzipped, gzipped.length - 12), null).to(BATCH).error(400, "not valid gzip");
        c = add("Segment: Content-Encoding deflate");
        c.to(BATCH).json(batch(viewed(c, 0))).encoding("deflate").error(415, "Content-Encoding must be gzip");
        c = add("Segment: no Content-Type at all");
        c.to(BATCH).json(batch(viewed(c, 0))).type(null).success(1, 0);
    }

    // ---------------------------------------------------------------- Snowplow: embedded payloads

    private void snowplowPayloads() {
        Case c = add("Snowplow: ue_px that is not base64");
        String bad = event(c, 1, "!!not*base64!!", products("p-1"));
        c.to(TP2).json(payload(event(c, 0, action("product_view"), products("p-1")), bad)).kept(bad).success(1, 1, "tracker_payload");
        c = add("Snowplow: ue_px that is base64 but not JSON");
        bad = event(c, 1, b64("{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\",\"data\":"), products("p-1"));
        String other = event(c, 2, b64("not json at all"), products("p-1"));
        c.to(TP2).json(payload(event(c, 0, action("add_to_cart"), products("p-1")), bad, other)).kept(bad, other)
                .success(1, 2, "tracker_payload", "tracker_payload");
        c = add("Snowplow: ue_px base64 of bytes that are not UTF-8");
        bad = event(c, 0, Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1}), products("p-1"));
        c.to(TP2).json(payload(bad)).kept(bad).success(0, 1, "tracker_payload");
        c = add("Snowplow: cx that is not base64");
        bad = event(c, 0, action("product_view"), "%%%");
        c.to(TP2).json(payload(bad)).kept(bad).success(0, 1, "tracker_payload");
        c = add("Snowplow: cx that is base64 but not JSON");
        bad = event(c, 0, action("product_view"), b64("[{\"schema\":"));
        String trailing = event(c, 1, action("product_view"), b64(contexts(product("p-1", "19.99", null)) + " trailing"));
        c.to(TP2).json(payload(bad, trailing)).kept(bad, trailing).success(0, 2, "tracker_payload", "tracker_payload");
        c = add("Snowplow: ue_pr and co that are not JSON");
        bad = event(c, 0, null, null).replace("}", ",\"ue_pr\":\"{\\\"schema\\\":\",\"co\":" + quote(contexts(product("p-1", "1", null))) + "}");
        c.to(TP2).json(payload(bad)).kept(bad).success(0, 1, "tracker_payload");
        c = add("Snowplow: a number beyond BigDecimal in ue_px, cx, ue_pr");
        String inUe = event(c, 0, b64("{\"data\":{\"schema\":\"" + ACTION + "\",\"data\":{\"type\":\"product_view\",\"x\":1e9999999999}}}"),
                products("p-1"));
        String inCx = event(c, 1, action("product_view"), b64(contexts(product("p-1", "1e9999999999", null))));
        String inPr = event(c, 2, null, products("p-1")).replace("}", ",\"ue_pr\":\"{\\\"a\\\":-1e-9999999999}\"}");
        c.to(TP2).json(payload(inUe, inCx, inPr)).kept(inUe, inCx, inPr).success(0, 3, repeat("tracker_payload", 3));
        c = add("Snowplow: ue_px of JSON that is no object, and a nesting too deep");
        String number = event(c, 0, b64("42"), products("p-1"));
        String deep = event(c, 1, action("product_view"), b64("[".repeat(5_000) + "]".repeat(5_000)));
        c.to(TP2).json(payload(number, deep)).kept(number, deep).success(0, 2, "unmapped_event", "tracker_payload");

        c = add("Snowplow: a transaction without product entities is missing_field");
        String noProducts = event(c, 0, action("transaction"), b64(contexts(
                "{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/transaction/jsonschema/1-0-0\",\"data\":{\"transaction_id\":\"o-1\","
                        + "\"revenue\":41.48,\"currency\":\"EUR\",\"payment_method\":\"card\",\"total_quantity\":3}}")));
        String noContexts = event(c, 1, action("transaction"), null);
        c.to(TP2).json(payload(noProducts, noContexts)).kept(noProducts, noContexts).success(0, 2, "missing_field", "missing_field");
        c = add("Snowplow: page views, other schemas and actions are kept as unmapped_event");
        List<String> others = List.of(
                event(c, 0, null, null).replace("\"e\":\"ue\"", "\"e\":\"pv\"").replace("}", ",\"url\":\"http://shop/\",\"page\":\"Home\"}"),
                event(c, 1, b64("{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\",\"data\":{\"schema\":"
                        + "\"iglu:com.acme/checkout_step/jsonschema/1-0-0\",\"data\":{\"step\":2}}}"), null),
                event(c, 2, action("remove_from_cart"), products("p-1")),
                event(c, 3, null, null).replace("\"e\":\"ue\"", "\"e\":\"tr\"").replace("}", ",\"tr_id\":\"o-1\",\"tr_tt\":\"41.48\"}"));
        c.to(TP2).json(payload(others)).kept(others.toArray(String[]::new)).success(0, 4, repeat("unmapped_event", 4));
        c = add("Snowplow: a transaction with 10,001 product entities");
        String[] many = IntStream.range(0, MAX_EVENTS + 1).mapToObj(i -> product("p-" + i, "1.00", "1")).toArray(String[]::new);
        c.to(TP2).json(payload(event(c, 0, action("transaction"), b64(contexts(many))))).error(413, "COLLECTOR_MAX_EVENTS");
        c = add("Snowplow: a transaction of the node tracker with a bad product among good ones");
        String transaction = event(c, 0, action("transaction"), b64(contexts(product("p-1", "19.99", "1"), product("p-2", "10.745", "2"),
                product("p-3", "-4", "1"))));
        c.to(TP2).json(payload(transaction)).kept(transaction).success(2, 1, "price_range");
    }

    // ---------------------------------------------------------------- Snowplow: the body's shape

    private void snowplowShapes() {
        Case c = add("Snowplow: data is an object, not an array");
        c.to(TP2).json("{\"schema\":\"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4\",\"data\":"
                + event(c, 0, action("product_view"), products("p-1")) + "}").error(400, "data must be an array, got an object");
        c = add("Snowplow: data elements that are not objects, after a valid one");
        c.to(TP2).json(payload(event(c, 0, action("product_view"), products("p-1")), "\"e=pv\"")).error(400, "data[1] is a string, not an event object");
        c = add("Snowplow: schema that is not payload_data");
        c.to(TP2).json(payload(event(c, 0, action("product_view"), products("p-1")))
                .replace("snowplow/payload_data/", "snowplow/contexts/")).error(400, "schema must be");
        c = add("Snowplow: body without data");
        c.to(TP2).json("{\"schema\":\"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4\",\"uid\":" + quote(c.marker) + "}")
                .error(400, "needs a \"data\" array");
        c = add("Snowplow: body is a bare array of events");
        c.to(TP2).json("[" + event(c, 0, action("product_view"), products("p-1")) + "]").error(400, "a tp2 body is a JSON object {\"data\":[...]}");
        c = add("Snowplow: invalid JSON");
        String whole = payload(event(c, 0, action("product_view"), products("p-1")));
        c.to(TP2).json(whole.substring(0, whole.length() - 3)).error(400, "invalid JSON");
        c = add("Snowplow: invalid UTF-8 in an event");
        c.to(TP2).json(withBytes(payload(event(c, 0, action("product_view"), products("p-1"))), "\"shop\"",
                new byte[] {'"', 's', 'h', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'o', 'p', '"'})).error(400, "not valid UTF-8");
        c = add("Snowplow: gzip body without Content-Encoding");
        c.to(TP2).json(payload(event(c, 0, action("product_view"), products("p-1")))).gzip().encoding(null)
                .type("application/json; charset=UTF-8").success(1, 0);
    }

    // ---------------------------------------------------------------- Snowplow: GET /i

    private void pixel() {
        Case c = add("Snowplow GET /i: a product view of the node tracker");
        c.get("/i?" + query(c, 0, action("product_view"), products("p-1"))).success(1, 0);
        c = add("Snowplow GET /i: without e");
        c.get("/i?" + query(c, 0, action("product_view"), products("p-1")).replace("&e=ue", "")).error(400, "no e parameter");
        c = add("Snowplow GET /i: no query string at all");
        c.get("/i").error(400, "no e parameter");
        c = add("Snowplow GET /i: ue_px that is not base64 is kept, query string as sent");
        String query = query(c, 0, "!!not*base64!!", products("p-1"));
        c.get("/i?" + query).kept(query).success(0, 1, "tracker_payload");
        c = add("Snowplow GET /i: cx base64 but not JSON is kept");
        query = query(c, 0, action("product_view"), b64("{\"data\":["));
        c.get("/i?" + query).kept(query).success(0, 1, "tracker_payload");
        c = add("Snowplow GET /i: malformed percent-encoding (%zz)");
        c.get("/i?" + query(c, 0, action("product_view"), products("p-1")) + "&page=%zz").deviation(PERCENT)
                .error(400, "not valid URL encoding");
        c = add("Snowplow GET /i: a lone % at the end");
        c.get("/i?" + query(c, 0, action("product_view"), products("p-1")) + "&page=100%").deviation(PERCENT)
                .error(400, "not valid URL encoding");
        c = add("Snowplow GET /i: percent-encoded bytes that are not UTF-8 become U+FFFD");
        c.get("/i?" + query(c, 0, action("product_view"), products("p-1")).replace("&uid=" + c.marker, "&uid=" + c.marker + "%C0%AF"))
                .success(1, 0);
    }

    /** What the collector answers a query string it cannot decode (reported): 400 with an empty body, not JSON. */
    static final String PERCENT = "GET /i with malformed percent-encoding is answered by Vert.x before any route runs (neither"
            + " the route nor a router error handler sees it): 400 with an empty body, not {\"error\":...}";

    // ---------------------------------------------------------------- building: Segment

    private Case add(String name) {
        return corpus.add(name);
    }

    /** analytics-node's messageId: {@code node-next-<ms>-<uuid>}; here the marker and the index, to find it again. */
    static String messageId(Case c, int i) {
        return c.marker + "m" + i;
    }

    static String rudderId(Case c, int i) {
        return UUID.nameUUIDFromBytes(utf8(c.marker + i)).toString();
    }

    /** A message as analytics-node 3.1.0 sends it: {@code type}, then the call's fields, then context, ids and metadata. */
    static String message(Case c, int i, String type, String fields) {
        return "{\"timestamp\":\"" + TIMESTAMP + "\",\"integrations\":{}," + (fields.isEmpty() ? "" : fields + ",")
                + "\"type\":" + quote(type) + ",\"context\":{\"library\":{\"name\":\"@segment/analytics-node\",\"version\":\"3.1.0\"}},"
                + "\"userId\":" + quote(c.marker) + ",\"messageId\":" + quote(messageId(c, i))
                + ",\"_metadata\":{\"nodeVersion\":\"v20.20.2\",\"jsRuntime\":\"node\"}}";
    }

    static String track(Case c, int i, String event, String properties) {
        return message(c, i, "track", "\"event\":" + quote(event) + ",\"properties\":" + properties);
    }

    static String viewed(Case c, int i) {
        return track(c, i, "Product Viewed", "{\"product_id\":\"p-" + i + "\",\"price\":19.99}");
    }

    /** An Order Completed of {@code products} products, each {@code {"product_id","price","quantity"}}. */
    static String order(Case c, int i, int products) {
        String list = IntStream.range(0, products)
                .mapToObj(p -> "{\"product_id\":\"p-" + p + "\",\"price\":" + (p % 100) + "." + (p % 90 + 10) + ",\"quantity\":" + (p % 3 + 1) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        return track(c, i, "Order Completed", "{\"order_id\":\"o-" + i + "\",\"revenue\":1,\"products\":" + list + "}");
    }

    /** A message as RudderStack's node SDK sends it: originalTimestamp, no timestamp, a uuid messageId. */
    static String rudder(Case c, int i, String event, String properties) {
        return "{\"userId\":" + quote(c.marker) + ",\"event\":" + quote(event) + ",\"properties\":" + properties
                + ",\"type\":\"track\",\"context\":{\"library\":{\"name\":\"analytics-node\",\"version\":\"3.0.13\"}},\"channel\":\"server\","
                + "\"_metadata\":{\"nodeVersion\":\"20.20.2\"},\"originalTimestamp\":\"" + TIMESTAMP + "\",\"messageId\":\""
                + rudderId(c, i) + "\",\"sentAt\":\"" + TIMESTAMP + "\"}";
    }

    /** {@code {"batch":[...],"writeKey":...,"sentAt":...}}, as analytics-node sends it. */
    static String batch(String... messages) {
        return batch(List.of(messages));
    }

    static String batch(List<String> messages) {
        return batchOf("{\"batch\":[" + String.join(",", messages) + "]}");
    }

    /** The batch-level fields analytics-node adds after the batch. */
    static String batchOf(String withBatch) {
        return withBatch.substring(0, withBatch.length() - 1) + ",\"writeKey\":\"test-write-key\",\"sentAt\":\"" + TIMESTAMP + "\"}";
    }

    /** The message with a context field {@code blob} to be filled by {@link #sized}. */
    static String withContext(String message) {
        return message.replace("\"context\":{", "\"context\":{\"blob\":\"\u0001\",");
    }

    /** The body with its {@code "\u0001"} placeholder grown to make it exactly {@code size} bytes. */
    static byte[] sized(String body, int size) {
        int at = body.indexOf('\u0001');
        int fill = size - (utf8(body).length - 1);
        return utf8(body.substring(0, at) + "c".repeat(fill) + body.substring(at + 1));
    }

    // ---------------------------------------------------------------- building: Snowplow

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(json));
    }

    /** ue_px of an e-commerce action of {@code type}, as the node tracker encodes it. */
    static String action(String type) {
        return b64("{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\",\"data\":{\"schema\":\""
                + ACTION + "\",\"data\":{\"type\":\"" + type + "\"}}}");
    }

    static String product(String id, String price, String quantity) {
        return "{\"schema\":\"" + PRODUCT + "\",\"data\":{\"id\":\"" + id + "\",\"price\":" + price + ",\"currency\":\"EUR\",\"category\":\"shoes\""
                + (quantity == null ? "" : ",\"quantity\":" + quantity) + "}}";
    }

    static String contexts(String... entities) {
        return "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\",\"data\":[" + String.join(",", entities) + "]}";
    }

    /** cx of one product entity per id, as the node tracker encodes it. */
    static String products(String... ids) {
        return b64(contexts(java.util.Arrays.stream(ids).map(id -> product(id, "19.99", null)).toArray(String[]::new)));
    }

    /** An event of the node tracker 4.8.0, every value a string; {@code uePx} or {@code cx} null leaves the field out. */
    static String event(Case c, int i, String uePx, String cx) {
        return "{\"e\":\"ue\",\"eid\":\"" + UUID.nameUUIDFromBytes(utf8(c.marker + "e" + i)) + "\",\"p\":\"srv\",\"tv\":\"node-4.8.0\","
                + "\"tna\":\"ns\",\"aid\":\"shop\",\"uid\":" + quote(c.marker) + ",\"dtm\":\"" + EPOCH_MS + "\""
                + (uePx == null ? "" : ",\"ue_px\":" + quote(uePx)) + (cx == null ? "" : ",\"cx\":" + quote(cx))
                + ",\"stm\":\"" + EPOCH_MS + "\"}";
    }

    static String payload(String... events) {
        return payload(List.of(events));
    }

    static String payload(List<String> events) {
        return "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4\",\"data\":["
                + String.join(",", events) + "]}";
    }

    /** The query string of the node tracker's GET: the same fields as a tp2 event (base64url needs no escaping). */
    static String query(Case c, int i, String uePx, String cx) {
        List<String> fields = new ArrayList<>(List.of("stm=" + EPOCH_MS, "e=ue", "eid=" + UUID.nameUUIDFromBytes(utf8(c.marker + "e" + i)),
                "p=srv", "tv=node-4.8.0", "tna=ns", "aid=shop", "uid=" + c.marker, "dtm=" + EPOCH_MS));
        if (uePx != null) {
            fields.add("ue_px=" + uePx);
        }
        if (cx != null) {
            fields.add("cx=" + cx);
        }
        return String.join("&", fields);
    }

    /** The UTF-8 text with its only occurrence of {@code what} replaced by raw bytes. */
    static byte[] withBytes(String text, String what, byte[] bytes) {
        int at = text.indexOf(what);
        if (at < 0 || text.indexOf(what, at + 1) >= 0) {
            throw new IllegalArgumentException(what + " not once in " + text);
        }
        return HostileCorpus.concat(HostileCorpus.concat(utf8(text.substring(0, at)), bytes), utf8(text.substring(at + what.length())));
    }
}

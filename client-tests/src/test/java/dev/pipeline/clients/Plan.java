package dev.pipeline.clients;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * What a Node script sends through its SDK (the JSON {@code src/test/node/plan.js} reads), and the rows of
 * {@code user_events} that must come of it. Every user and product id starts with the test's prefix, every
 * (type, user, product, price) is made once, and every call that is no e-commerce event carries a marker of
 * its own to find it in {@code error/}.
 */
final class Plan {

    static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** One product of an order. {@code quantity} null: left out, so the collector's default of 1 applies. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(String product, BigDecimal price, Integer quantity) {

        BigDecimal purchasePrice() {
            return quantity == null ? price : price.multiply(BigDecimal.valueOf(quantity));
        }
    }

    /**
     * One SDK call: {@code view}, {@code add_to_cart} or {@code order} (e-commerce), or {@code page},
     * {@code identify}, {@code other} (not: found in {@code error/} by {@code marker}). {@code method} is the
     * browser tracker's transport ({@code post}, {@code get}); {@code timestamp} null lets the SDK stamp it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Call(String call, String method, String user, Boolean anonymous, String product, BigDecimal price,
            Integer quantity, String order, List<Item> items, String marker, String timestamp) {

        boolean mapped() {
            return marker == null;
        }
    }

    /** The file {@code plan.js} reads. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record PlanFile(String collector, String writeKey, Integer loseAnswers, List<Call> calls) {
    }

    /**
     * A row the plan makes; its {@code event_timestamp}, exact when the call gave one, else null (the time
     * sent); the index of its call; whether it is the only row of its call.
     */
    record Expected(Row row, Instant timestamp, int call, boolean onlyRowOfItsCall) {
    }

    private final String prefix;
    private final List<Call> calls;
    private final int answersToLose;

    private Plan(String prefix, List<Call> calls) {
        this(prefix, calls, 0);
    }

    private Plan(String prefix, List<Call> calls, int answersToLose) {
        this.prefix = prefix;
        this.calls = List.copyOf(calls);
        this.answersToLose = answersToLose;
        List<Row> rows = expected(Call::user).stream().map(Expected::row).toList();
        if (new HashSet<>(rows).size() != rows.size()) {
            throw new IllegalStateException("the plan makes a row twice, so exactly once could not be told: " + rows);
        }
    }

    /**
     * A shop's traffic for a server-side SDK: four users (the last one anonymous, known by its anonymous id
     * only) each viewing two products, adding one to the cart (several of it: the row keeps the unit price)
     * and ordering two (one without a quantity, so 1); half the calls with a timestamp of their own, an
     * hour back at most. The first order has a unit price with three decimals bought twice, whose purchase
     * price has two. Then a page, an identify and two other events, as trackers send them too.
     */
    static Plan shop(String prefix, long seed) {
        Random random = new Random(seed);
        List<String> products = new ArrayList<>();
        List<BigDecimal> prices = new ArrayList<>();
        for (int p = 1; p <= 6; p++) {
            // One id with quotes, a comma, a space, non-ASCII letters and an emoji, all legal: they must survive the CSV hop.
            products.add(p == 4 ? prefix + "p4 \"gift\", für 🎁" : prefix + "p" + p);
            prices.add(BigDecimal.valueOf(100 + random.nextInt(40_000), 2));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Call> calls = new ArrayList<>();
        int users = 4;
        for (int u = 1; u <= users; u++) {
            String user = prefix + "u" + u;
            Boolean anonymous = u == users ? Boolean.TRUE : null;
            List<Integer> picks = shuffled(products.size(), random);
            for (int v = 0; v < 2; v++) {
                int p = picks.get(v);
                calls.add(new Call("view", null, user, anonymous, products.get(p), prices.get(p), null, null, null, null, null));
            }
            int added = picks.get(2);
            calls.add(new Call("add_to_cart", null, user, anonymous, products.get(added), prices.get(added),
                    1 + random.nextInt(3), null, null, null, null));
            int first = picks.get(3);
            int second = picks.get(4);
            Item firstItem = u == 1
                    ? new Item(products.get(first), prices.get(first).add(new BigDecimal("0.005")), 2)
                    : new Item(products.get(first), prices.get(first), 1 + random.nextInt(3));
            Item secondItem = new Item(products.get(second), prices.get(second), u % 2 == 1 ? null : 1 + random.nextInt(3));
            calls.add(new Call("order", null, user, anonymous, null, null, null, prefix + "order-" + u,
                    List.of(firstItem, secondItem), null, null));
        }
        String firstUser = prefix + "u1";
        String anonymousUser = prefix + "u" + users;
        calls.add(unmapped("page", firstUser, null, prefix + "page-1"));
        calls.add(unmapped("identify", firstUser, null, prefix + "identify-1"));
        calls.add(unmapped("other", firstUser, null, prefix + "other-1"));
        calls.add(unmapped("other", anonymousUser, Boolean.TRUE, prefix + "other-2"));
        Collections.shuffle(calls, random);
        List<Call> timed = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            String timestamp = i % 2 == 0 ? now.minusMillis(random.nextInt(3_600_000)).toString() : null;
            timed.add(new Call(call.call(), call.method(), call.user(), call.anonymous(), call.product(), call.price(),
                    call.quantity(), call.order(), call.items(), call.marker(), timestamp));
        }
        return new Plan(prefix, timed);
    }

    /**
     * A visit to a shop page in a browser, through both transports of the Snowplow tracker: a signed-in user
     * on {@code post} (tp2) and an anonymous visitor (its domain user id) on {@code get} (the {@code /i}
     * pixel), each a page view, a product view, an add to cart and a purchase of two products.
     */
    static Plan browserVisit(String prefix) {
        String user = prefix + "u1";
        String p1 = prefix + "p1";
        String p2 = prefix + "p2";
        String p3 = prefix + "p3 \"gift\", für 🎁";
        String p4 = prefix + "p4";
        BigDecimal price1 = new BigDecimal("19.99");
        BigDecimal price3 = new BigDecimal("7.25");
        List<Call> calls = List.of(
                new Call("page", "post", user, null, null, null, null, null, null, prefix + "page-post", null),
                new Call("view", "post", user, null, p1, price1, null, null, null, null, null),
                new Call("add_to_cart", "post", user, null, p1, price1, 2, null, null, null, null),
                new Call("order", "post", user, null, null, null, null, prefix + "order-1",
                        List.of(new Item(p1, price1, 2), new Item(p2, new BigDecimal("3.50"), null)), null, null),
                new Call("page", "get", null, true, null, null, null, null, null, prefix + "page-get", null),
                new Call("view", "get", null, true, p3, price3, null, null, null, null, null),
                new Call("add_to_cart", "get", null, true, p3, price3, 1, null, null, null, null),
                new Call("order", "get", null, true, null, null, null, prefix + "order-2",
                        List.of(new Item(p3, price3, 1), new Item(p4, new BigDecimal("10.745"), 2)), null, null));
        return new Plan(prefix, calls);
    }

    private static Call unmapped(String call, String user, Boolean anonymous, String marker) {
        return new Call(call, null, user, anonymous, null, null, null, null, null, marker, null);
    }

    private static List<Integer> shuffled(int size, Random random) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            indexes.add(i);
        }
        Collections.shuffle(indexes, random);
        return indexes;
    }

    /**
     * The same calls, sent through a proxy that throws away the collector's first {@code answers} success
     * answers and answers 503 instead: the collector has recorded those messages, and the SDK sends them again.
     */
    Plan losingAnswers(int answers) {
        return new Plan(prefix, calls, answers);
    }

    int answersToLose() {
        return answersToLose;
    }

    String prefix() {
        return prefix;
    }

    List<Call> calls() {
        return calls;
    }

    /** The markers of the calls that are no e-commerce event. */
    List<String> markers() {
        return calls.stream().filter(call -> !call.mapped()).map(Call::marker).toList();
    }

    /**
     * The rows the e-commerce calls must make: a view and an add to cart one each at the unit price, an order
     * one purchase per product at unit price × quantity. {@code userOf} names the user of a call (the
     * browser decides an anonymous visitor's).
     */
    List<Expected> expected(Function<Call, String> userOf) {
        List<Expected> expected = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            Instant timestamp = call.timestamp() == null ? null : Instant.parse(call.timestamp());
            String user = userOf.apply(call);
            switch (call.call()) {
                case "view", "add_to_cart" -> expected.add(
                        new Expected(new Row(call.call(), user, call.product(), call.price()), timestamp, i, true));
                case "order" -> {
                    for (Item item : call.items()) {
                        expected.add(new Expected(new Row("purchase", user, item.product(), item.purchasePrice()), timestamp, i,
                                call.items().size() == 1));
                    }
                }
                default -> {
                    // not an e-commerce event: no row
                }
            }
        }
        return expected;
    }

    /** Writes the plan for {@code src/test/node/plan.js}. */
    Path write(Path file, URI collector, String writeKey) throws IOException {
        Files.createDirectories(file.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), new PlanFile(collector.toString(), writeKey,
                answersToLose == 0 ? null : answersToLose, calls));
        return file;
    }
}

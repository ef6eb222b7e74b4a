package dev.pipeline.generator.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.json.EventJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShopTrafficTest {

    private static final Map<String, Product> PRODUCTS = Shop.CATALOG.products().stream()
            .collect(Collectors.toMap(Product::id, Function.identity()));

    @Test
    void everyEventPassesTheContractAndSurvivesJsonUnchanged() throws Exception {
        ShopTraffic traffic = Shop.traffic(1);
        for (int i = 0; i < 20_000; i++) {
            UserEvent event = traffic.next();
            Instant receivedAt = Instant.now();
            JsonNode json = EventJson.MAPPER.readTree(EventJson.toJson(event));
            assertThat(EventJson.read(json, receivedAt)).isEqualTo(event.receivedAt(receivedAt));
        }
    }

    @Test
    void keepsTheFunnelProportions() {
        Map<EventType, Long> counts = count(Shop.traffic(2), 300_000);
        double views = counts.get(EventType.VIEW);
        assertThat(counts.get(EventType.ADD_TO_CART) / views).isCloseTo(0.10, within(0.01));
        assertThat(counts.get(EventType.PURCHASE) / views).isCloseTo(0.03, within(0.003));
    }

    @Test
    void theFunnelIsConfigurable() {
        Map<EventType, Long> counts = count(Shop.traffic(new Funnel(0.30, 0.15), 3), 200_000);
        double views = counts.get(EventType.VIEW);
        assertThat(counts.get(EventType.ADD_TO_CART) / views).isCloseTo(0.30, within(0.03));
        assertThat(counts.get(EventType.PURCHASE) / views).isCloseTo(0.15, within(0.015));
    }

    @Test
    void everyEventCarriesTheCataloguePriceOfItsProduct() {
        ShopTraffic traffic = Shop.traffic(4);
        int purchases = 0;
        for (int i = 0; i < 50_000; i++) {
            UserEvent event = traffic.next();
            assertThat(PRODUCTS).containsKey(event.productId());
            assertThat(event.price()).isEqualTo(PRODUCTS.get(event.productId()).price());
            purchases += event.eventType() == EventType.PURCHASE ? 1 : 0;
        }
        assertThat(purchases).isGreaterThan(1000);
    }

    @Test
    void shoppersReturnAndPopularProductsSellMore() {
        ShopTraffic traffic = Shop.traffic(5);
        List<UserEvent> events = Stream.generate(traffic::next).limit(100_000).toList();
        Map<String, Long> perUser = events.stream().collect(Collectors.groupingBy(UserEvent::userId, Collectors.counting()));
        assertThat(Shop.USERS.ids()).containsAll(perUser.keySet());
        assertThat(perUser.values().stream().filter(n -> n >= 50).count()).as("users seen in 10+ sessions").isGreaterThan(10);
        Map<String, Long> perProduct = events.stream().collect(Collectors.groupingBy(UserEvent::productId, Collectors.counting()));
        assertThat(perProduct.get("p-1")).isGreaterThan(10 * perProduct.getOrDefault("p-500", 0L));
    }

    @Test
    void timestampsLieInTheLastMinutesNeverInTheFuture() {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        ShopTraffic traffic = new ShopTraffic(Shop.CATALOG, Shop.USERS, Shop.DEFAULT_FUNNEL, new EventIds(),
                Clock.fixed(now, ZoneOffset.UTC), new SplittableRandom(6));
        for (int i = 0; i < 20_000; i++) {
            Instant timestamp = traffic.next().eventTimestamp();
            assertThat(timestamp).isBeforeOrEqualTo(now).isAfter(now.minus(Duration.ofHours(1)));
        }
    }

    @Test
    void theSameSeedGivesTheSameSessionsWithOtherIds() {
        ShopTraffic first = Shop.traffic(7);
        ShopTraffic second = Shop.traffic(7);
        for (int i = 0; i < 1000; i++) {
            UserEvent a = first.next();
            UserEvent b = second.next();
            assertThat(List.of(a.userId(), a.eventType(), a.productId(), a.price()))
                    .isEqualTo(List.of(b.userId(), b.eventType(), b.productId(), b.price()));
            assertThat(a.eventId()).isNotEqualTo(b.eventId());
        }
    }

    private static Map<EventType, Long> count(ShopTraffic traffic, int events) {
        Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        for (int i = 0; i < events; i++) {
            counts.merge(traffic.next().eventType(), 1L, Long::sum);
        }
        return counts;
    }
}

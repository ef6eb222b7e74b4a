package dev.pipeline.generator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.model.validation.EventRules;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CatalogAndUsersTest {

    @Test
    void everyInstanceBuildsTheSameCatalogue() {
        assertThat(ProductCatalog.build(1000).products()).isEqualTo(Shop.CATALOG.products());
    }

    @Test
    void productsHaveUniqueIdsNamesAndValidPrices() throws Exception {
        List<Product> products = Shop.CATALOG.products();
        assertThat(products).extracting(Product::id).doesNotHaveDuplicates();
        for (Product product : products) {
            assertThat(product.name()).isNotBlank();
            assertThat(EventRules.identifier("product_id", product.id())).isEqualTo(product.id());
            assertThat(EventRules.price(product.price())).isEqualTo(product.price());
            assertThat(product.price()).isPositive();
        }
    }

    @Test
    void pricesSpreadWithinAndAcrossCategories() {
        Map<Category, List<BigDecimal>> prices = Shop.CATALOG.products().stream().collect(
                Collectors.groupingBy(Product::category, Collectors.mapping(Product::price, Collectors.toList())));
        assertThat(prices).containsOnlyKeys(Category.values());
        assertThat(median(prices.get(Category.GROCERIES))).isLessThan(new BigDecimal("10"));
        assertThat(median(prices.get(Category.CAMERAS))).isGreaterThan(new BigDecimal("200"));
        for (List<BigDecimal> category : prices.values()) {
            BigDecimal low = category.stream().min(Comparator.naturalOrder()).orElseThrow();
            BigDecimal high = category.stream().max(Comparator.naturalOrder()).orElseThrow();
            assertThat(high).as("a spread of prices, not one price per category").isGreaterThan(low.multiply(BigDecimal.valueOf(2)));
        }
        assertThat(Shop.CATALOG.products()).extracting(p -> p.price().remainder(BigDecimal.ONE))
                .as("mostly charm prices").filteredOn(cents -> cents.compareTo(new BigDecimal("0.99")) == 0)
                .hasSizeGreaterThan(500);
    }

    @Test
    void usersAreTheSameEverywhereUniqueAndValidIdentifiers() throws Exception {
        assertThat(UserPool.build(10_000).ids()).isEqualTo(Shop.USERS.ids());
        assertThat(Shop.USERS.ids()).hasSize(10_000).doesNotHaveDuplicates();
        for (String id : Shop.USERS.ids()) {
            assertThat(EventRules.identifier("user_id", id)).isEqualTo(id);
        }
        assertThat(Shop.USERS.ids()).as("names in several languages").anyMatch(id -> id.chars().anyMatch(c -> c > 127));
    }

    private static BigDecimal median(List<BigDecimal> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}

package dev.pipeline.generator.session;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;
import net.datafaker.Faker;

/**
 * The shop's products, with names from datafaker and prices spread log-normally around each
 * category's typical price (most books near 14, a few at 40; cameras from 150 to 1500).
 *
 * <p>Built from a fixed seed, so that every generator instance with the same size has the same
 * catalogue: a product id means one product at one price however many instances run, without them
 * talking to each other.
 */
public final class ProductCatalog {

    private static final long SEED = 20261124L;
    /** Best sellers: the most popular product is viewed about twice as often as the second. */
    private static final double POPULARITY_EXPONENT = 1.0;
    private static final double MIN_PRICE = 0.49;
    private static final double MAX_PRICE = 20_000;
    /** Share of prices that end in .99; the rest keep the cents they were drawn with. */
    private static final double CHARM_PRICE_SHARE = 0.7;

    private final List<Product> products;
    private final Popularity popularity;
    private final Map<Category, List<Product>> byCategory = new EnumMap<>(Category.class);
    private final Map<Category, Popularity> popularityInCategory = new EnumMap<>(Category.class);

    private ProductCatalog(List<Product> products) {
        this.products = List.copyOf(products);
        this.popularity = new Popularity(products.size(), POPULARITY_EXPONENT);
        // Products keep their overall rank inside their category: a best seller stays one there.
        for (Product product : products) {
            byCategory.computeIfAbsent(product.category(), c -> new ArrayList<>()).add(product);
        }
        byCategory.forEach((category, list) ->
                popularityInCategory.put(category, new Popularity(list.size(), POPULARITY_EXPONENT)));
    }

    public static ProductCatalog build(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("generator.products must be at least 1, got " + size);
        }
        Random random = new Random(SEED);
        Faker faker = new Faker(Locale.ENGLISH, random);
        Category[] categories = Category.values();
        List<Product> products = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Category category = categories[random.nextInt(categories.length)];
            products.add(new Product("p-" + (i + 1), category.productName(faker), category, price(category, random)));
        }
        return new ProductCatalog(products);
    }

    /** Every product, the most popular first. */
    public List<Product> products() {
        return products;
    }

    /** A product by popularity over the whole shop. */
    public Product pick(RandomGenerator random) {
        return products.get(popularity.pick(random));
    }

    /** A product of one category, by popularity there. */
    public Product pickIn(Category category, RandomGenerator random) {
        return byCategory.get(category).get(popularityInCategory.get(category).pick(random));
    }

    private static BigDecimal price(Category category, Random random) {
        double drawn = category.medianPrice() * Math.exp(category.priceSpread() * random.nextGaussian());
        double bounded = Math.max(MIN_PRICE, Math.min(MAX_PRICE, drawn));
        if (random.nextDouble() < CHARM_PRICE_SHARE) {
            return BigDecimal.valueOf(Math.max(1, Math.round(bounded))).subtract(new BigDecimal("0.01"));
        }
        return BigDecimal.valueOf(bounded).setScale(2, RoundingMode.HALF_UP);
    }
}

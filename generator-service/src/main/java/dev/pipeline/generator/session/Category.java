package dev.pipeline.generator.session;

import java.util.function.Function;
import net.datafaker.Faker;

/**
 * Departments of the shop. Each has its own typical price and spread, so that coffee costs a few
 * euros and cameras hundreds, and its own kind of product name.
 */
public enum Category {
    BOOKS("Books", 14, 0.45, faker -> faker.book().title()),
    ELECTRONICS("Electronics", 220, 0.9, faker -> faker.device().modelName()),
    CAMERAS("Cameras", 480, 0.7, faker -> faker.camera().brandWithModel()),
    APPLIANCES("Home appliances", 130, 0.8, faker -> faker.appliance().brand() + " " + faker.appliance().equipment()),
    GROCERIES("Groceries", 4.5, 0.6, faker -> faker.food().ingredient()),
    COFFEE("Coffee", 12, 0.4, faker -> faker.coffee().blendName()),
    HOME("Home and living", 40, 0.85, faker -> faker.commerce().productName());

    private final String title;
    /** The middle of the category's prices: half its products cost less, half more. */
    private final double medianPrice;
    /** Standard deviation of the log of the price; 0.4 keeps prices close, 0.9 spreads them tenfold. */
    private final double priceSpread;
    private final Function<Faker, String> productName;

    Category(String title, double medianPrice, double priceSpread, Function<Faker, String> productName) {
        this.title = title;
        this.medianPrice = medianPrice;
        this.priceSpread = priceSpread;
        this.productName = productName;
    }

    public String title() {
        return title;
    }

    double medianPrice() {
        return medianPrice;
    }

    double priceSpread() {
        return priceSpread;
    }

    String productName(Faker faker) {
        return productName.apply(faker);
    }
}

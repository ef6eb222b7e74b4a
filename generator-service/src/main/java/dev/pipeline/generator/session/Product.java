package dev.pipeline.generator.session;

import java.math.BigDecimal;

/** One product of the catalogue; every event about it carries its {@code id} and, bought, its {@code price}. */
public record Product(String id, String name, Category category, BigDecimal price) {
}

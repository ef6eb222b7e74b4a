package dev.pipeline.clients;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a test expects of a row of {@code user_events}: type, user, product and price, the price at the
 * column's scale of 2 (an expected {@code 21.490} equals a stored {@code 21.49}; one with more decimals than
 * two that are not zeros could never be stored, and fails here).
 */
record Row(String eventType, String userId, String productId, BigDecimal price) {

    Row {
        price = price.setScale(2, RoundingMode.UNNECESSARY);
    }

    @Override
    public String toString() {
        return eventType + " " + userId + " " + productId + " " + price.toPlainString();
    }
}

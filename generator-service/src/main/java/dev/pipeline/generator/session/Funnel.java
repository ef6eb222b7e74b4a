package dev.pipeline.generator.session;

/**
 * How far shoppers get, as events per view: with {@code addToCartRatio} 0.10 and
 * {@code purchaseRatio} 0.03, every 100 views bring about 10 add-to-carts and 3 purchases.
 */
public record Funnel(double addToCartRatio, double purchaseRatio) {

    public Funnel {
        if (!(addToCartRatio >= 0 && addToCartRatio <= 1)) {
            throw new IllegalArgumentException("generator.add-to-cart-ratio must be between 0 and 1, got " + addToCartRatio);
        }
        if (!(purchaseRatio >= 0 && purchaseRatio <= addToCartRatio)) {
            throw new IllegalArgumentException("generator.purchase-ratio must be between 0 and the add-to-cart ratio "
                    + addToCartRatio + " (only what is in the cart is bought), got " + purchaseRatio);
        }
    }

    /** The share of add-to-carts that end in a purchase at checkout. */
    double checkoutShare() {
        return addToCartRatio == 0 ? 0 : purchaseRatio / addToCartRatio;
    }
}

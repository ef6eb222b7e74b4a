package dev.pipeline.generator.session;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Picks an index in {@code [0, n)} with Zipf-like odds: index 0 is the most popular, and popularity
 * falls off as a power of the rank. Real shops look like this (a few best sellers, a long tail;
 * a few regulars, many occasional visitors), and it gives the stream repeated users and products
 * for analytics to group by.
 */
final class Popularity {

    private final double[] cumulative;

    /**
     * @param exponent 0 gives every index the same odds; 1 is classic Zipf
     */
    Popularity(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one item to pick from, got " + n);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1.0 / Math.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
    }

    int pick(RandomGenerator random) {
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int found = Arrays.binarySearch(cumulative, target);
        int index = found >= 0 ? found : -found - 1;
        return Math.min(index, cumulative.length - 1);
    }
}

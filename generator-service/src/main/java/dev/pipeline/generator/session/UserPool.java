package dev.pipeline.generator.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.random.RandomGenerator;
import net.datafaker.Faker;

/**
 * The shoppers who come back: a fixed pool of user ids, a few of whom visit often and most rarely.
 * Ids are user names from datafaker in several languages ({@code zoé.hense-17},
 * {@code łazarz.staniszewski-4711}), so non-ASCII text travels the whole pipeline as it would in
 * a real shop. Built from a fixed seed, like the catalogue: the same user exists on every instance.
 */
public final class UserPool {

    private static final long SEED = 4711L;
    /** Milder than products: regulars come back, but no single user dominates. */
    private static final double POPULARITY_EXPONENT = 0.6;
    private static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH,
            Locale.forLanguageTag("es"), Locale.ITALIAN, Locale.forLanguageTag("pl"), Locale.forLanguageTag("sv"));
    /** Room for the {@code -<number>} suffix within the contract's 64 code points. */
    private static final int MAX_NAME_CODE_POINTS = 48;

    private final List<String> ids;
    private final Popularity popularity;

    private UserPool(List<String> ids) {
        this.ids = List.copyOf(ids);
        this.popularity = new Popularity(ids.size(), POPULARITY_EXPONENT);
    }

    public static UserPool build(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("generator.users must be at least 1, got " + size);
        }
        Random random = new Random(SEED);
        List<Faker> fakers = LOCALES.stream().map(locale -> new Faker(locale, random)).toList();
        List<String> ids = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            // Half the users are English-speaking, the others spread over the remaining languages.
            Faker faker = random.nextBoolean() ? fakers.get(0) : fakers.get(1 + random.nextInt(fakers.size() - 1));
            // The number keeps ids unique when two users share a name.
            ids.add(shorten(faker.credentials().username()) + "-" + (i + 1));
        }
        return new UserPool(ids);
    }

    List<String> ids() {
        return ids;
    }

    public String pick(RandomGenerator random) {
        return ids.get(popularity.pick(random));
    }

    private static String shorten(String name) {
        int codePoints = name.codePointCount(0, name.length());
        return codePoints <= MAX_NAME_CODE_POINTS ? name : name.substring(0, name.offsetByCodePoints(0, MAX_NAME_CODE_POINTS));
    }
}

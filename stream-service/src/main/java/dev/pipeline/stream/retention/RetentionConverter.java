package dev.pipeline.stream.retention;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads a retention: a whole number and a unit, {@code d}, {@code h}, {@code m}, {@code s} or
 * {@code ms} ({@code 7d}, {@code 12h}, {@code 30s}), a plain number of seconds, or an ISO-8601
 * duration ({@code P7D}, {@code PT12H}); {@code 0} (in any unit) keeps files for ever. Quarkus' own
 * {@link Duration} converter has no days ({@code 7d} fails), hence this one. A value it cannot read
 * fails the service's start, with the property and the value in the message.
 */
public final class RetentionConverter implements Converter<Duration> {

    private static final long serialVersionUID = 1L;
    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** The duration {@code value} stands for; {@link Duration#ZERO} means "keep for ever". */
    public static Duration parse(String value) {
        if (value == null || value.isBlank()) {
            throw invalid(value, "it is empty");
        }
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("p") || text.startsWith("-p") || text.startsWith("+p")) {
            return iso(value, text);
        }
        Matcher matcher = NUMBER_AND_UNIT.matcher(text);
        if (!matcher.matches()) {
            throw invalid(value, "write a whole number and a unit: d, h, m, s or ms");
        }
        try {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            return switch (unit) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofSeconds(Math.multiplyExact(amount, 3600L));
                case "m" -> Duration.ofSeconds(Math.multiplyExact(amount, 60L));
                case "ms" -> Duration.ofMillis(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(value, "the number is too large");
        }
    }

    private static Duration iso(String value, String text) {
        Duration duration;
        try {
            duration = Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw invalid(value, "it is not an ISO-8601 duration either");
        }
        if (duration.isNegative()) {
            throw invalid(value, "a retention cannot be negative");
        }
        return duration;
    }

    private static IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException("'" + value + "' is not a retention (" + why + "). Write a duration such as"
                + " 7d, 12h, 30m or 30s, or 0 to keep the files for ever");
    }

    /** The shortest text for {@code duration} in the units above: {@code 7d}, {@code 36h}, {@code 90s}, {@code 0}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}

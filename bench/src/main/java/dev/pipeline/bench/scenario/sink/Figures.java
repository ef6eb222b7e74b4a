package dev.pipeline.bench.scenario.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Figures computed, stored and printed as the scripts' jq did, so that results files written by the
 * Java scenarios read like the earlier ones: the same rounding, whole numbers without a decimal point,
 * jq's string interpolation in the printed lines.
 */
public final class Figures {

    private Figures() {
    }

    /** jq's {@code . * 100 | round / 100}. */
    public static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** jq's {@code . * 10 | round / 10}. */
    public static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** Rows per second as the scripts computed them: {@code rows / ms * 1000 | floor}. */
    public static long perSecond(double rows, double ms) {
        return (long) Math.floor(rows / ms * 1000);
    }

    /** {@code a / b * 100 | round / 100}, or null when either is missing or b is 0 (a ratio of the tables). */
    public static JsonNode ratio(JsonNode a, JsonNode b) {
        if (!a.isNumber() || !b.isNumber() || b.asDouble() == 0) {
            return NullNode.getInstance();
        }
        return number(round2(a.asDouble() / b.asDouble()));
    }

    /** A number as jq writes it: a whole one as an integer ({@code 10}, not {@code 10.0}). */
    public static JsonNode number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return LongNode.valueOf((long) value);
        }
        return DoubleNode.valueOf(value);
    }

    /** Null as JSON null, else {@link #number(double)}. */
    public static JsonNode number(Double value) {
        return value == null ? NullNode.getInstance() : number(value.doubleValue());
    }

    public static void put(ObjectNode object, String name, double value) {
        object.set(name, number(value));
    }

    /** jq's string interpolation {@code \(.x)}: null and a missing field as "null", whole numbers without ".0". */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "null";
        }
        if (node.isNumber()) {
            return text(node.asDouble());
        }
        return node.asText();
    }

    /** jq's {@code \(.x // "fallback")}: the fallback when the value is missing, null or false. */
    public static String or(JsonNode node, String fallback) {
        if (node == null || node.isMissingNode() || node.isNull() || (node.isBoolean() && !node.asBoolean())) {
            return fallback;
        }
        return text(node);
    }

    /** A number as jq prints it: {@code 24}, {@code 10.931}, {@code 0.0001} (never an exponent). */
    public static String text(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}

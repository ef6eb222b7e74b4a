package dev.pipeline.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Figures computed, written and printed as the former scripts' jq did, so that a results file written
 * in Java reads like one written by jq: jq's {@code round} (halves away from zero), its percentile
 * {@code sort | .[floor((n - 1) * p)]}, whole numbers without a decimal point ({@code 30}, not
 * {@code 30.0}), and values in a sentence as jq's string interpolation shows them ({@code null} for a
 * missing one, never an exponent).
 */
public final class JqFigures {

    private JqFigures() {
    }

    /** jq's {@code round}: to the nearest whole number, halves away from zero (C's round). */
    public static double round(double value) {
        return Math.copySign(Math.floor(Math.abs(value) + 0.5), value);
    }

    /** jq's {@code . * 10^decimals | round / 10^decimals}. */
    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return round(value * scale) / scale;
    }

    /** jq's {@code pct(p)}: the value at {@code floor((n - 1) * p)} of the sorted values; null when there are none. */
    public static Long pct(Collection<Long> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((int) Math.floor((sorted.size() - 1) * p));
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
        return number(round(a.asDouble() / b.asDouble(), 2));
    }

    /** A number as jq writes it: whole ones as integers ({@code 120}, not {@code 120.0}); NaN and infinity as null. */
    public static JsonNode number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return NullNode.getInstance();
        }
        return isWhole(value) ? LongNode.valueOf((long) value) : DoubleNode.valueOf(value);
    }

    /** {@link #number(double)}, or JSON null for a missing value. */
    public static JsonNode number(Number value) {
        return value == null ? NullNode.getInstance() : number(value.doubleValue());
    }

    /** {@code object.name = value}, the value as jq writes it. */
    public static void put(ObjectNode object, String name, double value) {
        object.set(name, number(value));
    }

    /** A copy in which every whole floating-point number is an integer, as jq re-writes a document it reads. */
    public static JsonNode normalized(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = BenchRun.JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), normalized(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = BenchRun.JSON.createArrayNode();
            node.forEach(element -> copy.add(normalized(element)));
            return copy;
        }
        if (node.isFloatingPointNumber()) {
            return number(node.doubleValue());
        }
        return node;
    }

    /**
     * A value inside a jq string ({@code "\(.x)"}): null and missing as {@code null}, numbers as jq
     * prints them, objects and arrays as JSON.
     */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "null";
        }
        if (node.isNumber()) {
            return text(node.asDouble());
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** A number as jq prints it: {@code 24}, {@code 10.931}, {@code 0.0001} (never an exponent). */
    public static String text(double value) {
        if (isWhole(value)) {
            return Long.toString((long) value);
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** A figure inside a sentence: {@code null} when there is none. */
    public static String text(Double value) {
        return value == null ? "null" : text(value.doubleValue());
    }

    /** jq's {@code a // b}: {@code a} unless it is missing, null or false. */
    public static JsonNode or(JsonNode node, JsonNode fallback) {
        return isFalsy(node) ? fallback : node;
    }

    /** jq's {@code "\(.x // "fallback")"}: the fallback when the value is missing, null or false, else its text. */
    public static String or(JsonNode node, String fallback) {
        return isFalsy(node) ? fallback : text(node);
    }

    private static boolean isFalsy(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || (node.isBoolean() && !node.asBoolean());
    }

    private static boolean isWhole(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15;
    }
}

package dev.pipeline.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Figures computed as the scripts' jq computed them, so that a results file written in Java reads
 * like one written by jq: jq's {@code round} (half away from zero), its percentile
 * {@code sort | .[floor((n - 1) * p)]}, and numbers that are whole written without a decimal point.
 */
public final class JqFigures {

    private JqFigures() {
    }

    /** jq's {@code round}: to the nearest whole number, halves away from zero (C's round). */
    public static double round(double value) {
        return Math.copySign(Math.floor(Math.abs(value) + 0.5), value);
    }

    /** jq's {@code x * 10^decimals | round / 10^decimals}. */
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

    /** A number as jq writes it: whole numbers as integers ({@code 120}, not {@code 120.0}). */
    public static JsonNode number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return LongNode.valueOf((long) value);
        }
        return DoubleNode.valueOf(value);
    }

    /** {@link #number(double)}, or JSON null for a missing value. */
    public static JsonNode number(Number value) {
        return value == null ? NullNode.getInstance() : number(value.doubleValue());
    }

    /** A value inside a jq string ({@code "\(.x)"}): null and missing as {@code null}, numbers as jq prints them. */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "null";
        }
        if (node.isNumber()) {
            return number(node.asDouble()).asText();
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** jq's {@code a // b}: {@code a} unless it is missing, null or false. */
    public static JsonNode or(JsonNode node, JsonNode fallback) {
        return node == null || node.isMissingNode() || node.isNull() || (node.isBoolean() && !node.asBoolean()) ? fallback : node;
    }
}

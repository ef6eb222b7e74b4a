package dev.pipeline.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Figures as jq wrote and printed them in the scripts' results files: a whole number without a decimal
 * point ({@code 30}, not {@code 30.0}), rounding as {@code . * 100 | round / 100}, and values in a
 * sentence as jq's string interpolation shows them ({@code null} for a missing one). Old and new
 * results files then read alike.
 */
final class JqValues {

    private JqValues() {
    }

    /** A number as jq writes it: whole ones as integers. */
    static JsonNode number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return NullNode.getInstance();
        }
        return isWhole(value) ? LongNode.valueOf((long) value) : DoubleNode.valueOf(value);
    }

    /** A number, or null when there is none. */
    static JsonNode numberOrNull(Double value) {
        return value == null ? NullNode.getInstance() : number(value);
    }

    /** jq's {@code . * 10^decimals | round / 10^decimals} (jq rounds halves away from zero). */
    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        double scaled = value * scale;
        return Math.signum(scaled) * Math.floor(Math.abs(scaled) + 0.5) / scale;
    }

    /** A copy in which every whole floating-point number is an integer, as jq re-writes a document it reads. */
    static JsonNode normalized(JsonNode node) {
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

    /** A value inside a sentence, as jq's {@code "\(.x)"} shows it: {@code null} when missing. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "null";
        }
        if (node.isNumber()) {
            double value = node.doubleValue();
            return isWhole(value) ? Long.toString((long) value) : Double.toString(value);
        }
        return node.asText();
    }

    /** A figure inside a sentence: {@code null} when there is none. */
    static String text(Double value) {
        return text(numberOrNull(value));
    }

    /** jq's {@code .x // fallback}: the fallback when the value is missing, null or false. */
    static String textOr(JsonNode node, String fallback) {
        return node.isMissingNode() || node.isNull() || (node.isBoolean() && !node.booleanValue()) ? fallback : text(node);
    }

    private static boolean isWhole(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15;
    }
}

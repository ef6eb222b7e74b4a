package dev.pipeline.harness;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** Reads the values of a {@code /q/metrics} page, summed over their labels or for given labels. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** {@code stream_rows_written_total 42.0} → {@code {stream_rows_written_total=42.0}}; labelled series add up. */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            int brace = line.indexOf('{');
            if (space < 0) {
                continue;
            }
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space).trim();
            try {
                values.merge(name, Double.parseDouble(line.substring(space + 1).trim()), Double::sum);
            } catch (NumberFormatException e) {
                // a value this reader does not need (NaN is parsed; anything else is skipped)
            }
        }
        return values;
    }

    /**
     * One series: {@code name} summed over its labels, or {@code name{labels}} with the labels written as
     * the page writes them (Micrometer: sorted, all of them), e.g.
     * {@code collector_events_rejected_total{reason="unmapped_event"}}; 0 when the page has no such line (a
     * counter not incremented yet).
     */
    public static double value(String text, String series) {
        if (!series.contains("{")) {
            return parse(text).getOrDefault(series, 0.0);
        }
        double sum = 0;
        for (String line : text.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.startsWith(series) && space >= series.length()) {
                try {
                    sum += Double.parseDouble(line.substring(space + 1).trim());
                } catch (NumberFormatException e) {
                    // not a value
                }
            }
        }
        return sum;
    }

    /**
     * The sum of the series of {@code name} whose labels include {@code labels} (each name with that
     * value; other labels may be anything), e.g. {@code jvm_memory_used_bytes} with {@code area=heap}:
     * every heap pool. Empty when no line matches, so that a gauge not there is told from one at 0.
     */
    public static OptionalDouble sum(String text, String name, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (!line.startsWith(name) || line.length() == name.length()) {
                continue;
            }
            char next = line.charAt(name.length());
            if (next != '{' && next != ' ') {
                continue;
            }
            int space = line.lastIndexOf(' ');
            Map<String, String> own = next == '{' ? labels(line, name.length() + 1) : Map.of();
            if (space < name.length() || !own.entrySet().containsAll(labels.entrySet())) {
                continue;
            }
            try {
                sum += Double.parseDouble(line.substring(space + 1).trim());
                found = true;
            } catch (NumberFormatException e) {
                // not a value
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** The labels of a line, read from {@code from} (just after its opening brace) to its closing brace, values unescaped. */
    private static Map<String, String> labels(String line, int from) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = from;
        while (i < line.length() && line.charAt(i) != '}') {
            int equals = line.indexOf("=\"", i);
            if (equals < 0) {
                break;
            }
            String key = line.substring(i, equals).trim();
            StringBuilder value = new StringBuilder();
            int j = equals + 2;
            while (j < line.length() && line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        return labels;
    }
}

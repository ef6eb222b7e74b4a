package dev.pipeline.harness;

import java.util.HashMap;
import java.util.Map;

/** Reads the values of a {@code /q/metrics} page, summed over their labels. */
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
}

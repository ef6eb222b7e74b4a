package dev.pipeline.harness;

import java.util.HashMap;
import java.util.Map;

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
}

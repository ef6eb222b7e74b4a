package dev.pipeline.bench.scenario.e2e;

import static dev.pipeline.bench.scenario.JqFigures.number;
import static dev.pipeline.bench.scenario.JqFigures.round;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.Trend;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the stream kept up with a rate held for a while, computed as the former e2e-bench.sh's
 * SUSTAIN_JQ computed it. Flat = the mean {@code oldest_pending_age_ms} of {@code /lag} in the last minute is at most
 * max(2 s, 1.5 x its mean in the first minute), AND the client kept its rate (events_acked >= 99 % of
 * the events due). "Minute" is min(60 s, a third of the duration) at each end ({@code lag_window_s}).
 * {@code lag_slope_ms_per_min}: the least-squares slope of oldest_pending_age_ms over time, in ms per
 * minute. Times are seconds from the start of the measured part (the client's
 * {@code measured_from_epoch_ms}: its schedule start when there is no warm-up, as in the script).
 */
final class SustainVerdict {

    static final String FLAT_DEFINITION =
            "last-minute mean oldest_pending_age_ms <= max(2000, 1.5 x first-minute mean) and events_acked >= 99 % of due";

    private SustainVerdict() {
    }

    /**
     * The {@code sustain} object of a results file: the setting and duration, the step's figures, then
     * the samples (those within the measured part, give or take a second) and the verdict.
     *
     * @param step the step of {@link RateStep}
     * @param samples the {@code /lag} samples of {@link LagSampler}, each with its {@code epoch_ms}
     */
    static ObjectNode of(JsonNode step, List<ObjectNode> samples, double durationS, RollTrigger setting) {
        JsonNode client = step.path("client");
        long start = client.path("measured_from_epoch_ms").asLong();
        double window = round(Math.min(60, durationS / 3), 1);
        List<ObjectNode> lag = new ArrayList<>();
        for (ObjectNode sample : samples) {
            double t = round((sample.path("epoch_ms").asLong() - start) / 100.0) / 10;
            if (t >= -1 && t <= durationS + 1) {
                ObjectNode kept = BenchRun.JSON.createObjectNode();
                kept.set("t_s", number(t));
                sample.fields().forEachRemaining(field -> {
                    if (!field.getKey().equals("epoch_ms")) {
                        kept.set(field.getKey(), field.getValue());
                    }
                });
                lag.add(kept);
            }
        }
        Double first = mean(lag.stream().filter(s -> s.path("t_s").asDouble() < window).map(SustainVerdict::age).toList());
        Double last = mean(lag.stream().filter(s -> s.path("t_s").asDouble() >= durationS - window)
                .map(SustainVerdict::age).toList());
        Double slope = slopePerMinute(lag);
        long due = client.path("requests_due").asLong() * client.path("batch").asLong();
        boolean keptRate = client.path("events_acked").asDouble() >= 0.99 * due;

        ObjectNode sustain = BenchRun.JSON.createObjectNode();
        sustain.put("collector_roll_interval", setting.roll());
        sustain.put("stream_trigger_interval", setting.trigger());
        sustain.set("duration_s", number(durationS));
        step.fields().forEachRemaining(field -> sustain.set(field.getKey(), field.getValue()));
        ArrayNode lagSamples = sustain.putArray("lag_samples");
        lag.forEach(lagSamples::add);
        sustain.set("lag_window_s", number(window));
        sustain.set("lag_first_minute_mean_ms", number(first));
        sustain.set("lag_last_minute_mean_ms", number(last));
        sustain.set("lag_slope_ms_per_min", number(slope));
        sustain.put("events_due", due);
        sustain.put("kept_rate", keptRate);
        sustain.put("flat", keptRate && first != null && last != null && last <= Math.max(2000, 1.5 * first));
        sustain.put("flat_definition", FLAT_DEFINITION);
        return sustain;
    }

    /** {@code .oldest_pending_age_ms // 0}. */
    private static double age(JsonNode sample) {
        return JqFigures.or(sample.path("oldest_pending_age_ms"), number(0)).asDouble();
    }

    /** jq's {@code add / length * 10 | round / 10}; null for no values. */
    private static Double mean(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        return round(values.stream().mapToDouble(Double::doubleValue).sum() / values.size(), 1);
    }

    /** Least squares of age over t in minutes; null with fewer than two samples or all at one time. */
    private static Double slopePerMinute(List<ObjectNode> lag) {
        Double slope = Trend.slopePerMinute(lag.stream()
                .map(s -> new Trend.Point(s.path("t_s").asDouble(), age(s))).toList());
        return slope == null ? null : round(slope, 1);
    }
}

package dev.pipeline.bench.scenario.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.FlagValues;
import java.time.Duration;

/**
 * How the rate client loads the collector in a step, shared by e2e and sustain: events per request
 * ({@code auto} or a number), client connections, and how long a step may take to drain.
 *
 * @param batch {@code auto}, or the events per request as text (as the results file's {@code settings.batch} shows it)
 */
record RateLoadShape(String batch, int connections, Duration drainTimeout) {

    /** The options e2e and sustain share, with the scripts' BENCH_E2E_* variables as defaults. */
    static final String OPTIONS = """
              --batch N|auto      events per request; auto: 100 up to 10000 events/s, 500 above
                                  (env BENCH_E2E_BATCH, default auto)
              --connections N     client connections (env BENCH_E2E_CONNECTIONS, default 8)
              --drain-timeout S   how long the stream may take, after the client, to load every acknowledged
                                  event (env BENCH_E2E_DRAIN_TIMEOUT, default 180)
            """;

    static RateLoadShape of(Flags flags) {
        String batch = flags.string("--batch", Flags.orEnv("BENCH_E2E_BATCH", "auto"));
        if (!batch.equals("auto") && !batch.matches("[1-9][0-9]*")) {
            throw new IllegalArgumentException("--batch takes a positive whole number or auto, got " + batch);
        }
        // The variables give the defaults, checked like the flags.
        int connections = flags.integer("--connections",
                FlagValues.positiveInt("BENCH_E2E_CONNECTIONS", Flags.orEnv("BENCH_E2E_CONNECTIONS", "8")), 1, Integer.MAX_VALUE);
        int drain = flags.integer("--drain-timeout",
                FlagValues.positiveInt("BENCH_E2E_DRAIN_TIMEOUT", Flags.orEnv("BENCH_E2E_DRAIN_TIMEOUT", "180")), 1, Integer.MAX_VALUE);
        return new RateLoadShape(batch, connections, Duration.ofSeconds(drain));
    }

    /**
     * Events per request at a rate: {@code --batch}, or with auto 100 up to 10,000 events/s (100 requests/s)
     * and 500 above (40 requests/s at 20,000), so that the client is not limited by requests per second.
     */
    int batchFor(int rate) {
        if (!batch.equals("auto")) {
            return Integer.parseInt(batch);
        }
        return rate > 10_000 ? 500 : 100;
    }

    /** {@code settings.batch}: the number, or "auto". */
    JsonNode batchSetting() {
        return batch.equals("auto") ? TextNode.valueOf(batch) : IntNode.valueOf(Integer.parseInt(batch));
    }
}

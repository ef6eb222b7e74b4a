package dev.pipeline.bench.scenario.e2e;

import static dev.pipeline.bench.scenario.JqFigures.number;
import static dev.pipeline.bench.scenario.JqFigures.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.FlagValues;
import dev.pipeline.bench.scenario.Scenario;
import dev.pipeline.bench.scenario.ServiceEnvironment;
import dev.pipeline.bench.scenario.StreamResultsHead;
import dev.pipeline.harness.ServiceModule;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Does the stream keep up with one rate held for minutes (formerly the --sustain part of
 * bench/e2e-bench.sh)? The e2e pair of services on one setting, the rate client at one rate for a
 * warm-up and then the measured duration, the stream's {@code /lag} read every 5 s over the measured
 * part, then the same drain, loss check and table latency as an e2e step, and the verdict
 * {@code flat} ({@link SustainVerdict}). The script ran it on the services its steps had warmed up;
 * here the warm-up at the held rate stands for them. Writes {@code sustain-<date>.json} with the
 * {@code sustain} object the e2e files had. A lost acknowledged event makes the run invalid (exit
 * status 1); {@code flat: false} does not.
 */
public final class SustainScenario implements Scenario {

    private static final String DATABASE = "bench_sustain";
    /** Fewer than 15 s leaves no minute-like windows to compare (a third of the duration at each end). */
    private static final Duration SHORTEST = Duration.ofSeconds(15);

    @Override
    public String name() {
        return "sustain";
    }

    @Override
    public String summary() {
        return "one rate held for minutes with the stream's lag sampled: does it keep up? (~6 min)";
    }

    @Override
    public String options() {
        return """
                  --rate N            events/s held (env BENCH_E2E_SUSTAIN, default 50000)
                  --duration D        how long it is held and measured, at least 15s
                                      (env BENCH_E2E_SUSTAIN_DURATION, default 5m)
                  --warmup D          time at the same rate before it, on the same services, not measured
                                      (env BENCH_E2E_SUSTAIN_WARMUP, default 15s)
                  --config R/T        COLLECTOR_ROLL_INTERVAL/STREAM_TRIGGER_INTERVAL (env BENCH_E2E_SUSTAIN_CONFIG;
                                      default the last of BENCH_E2E_CONFIGS when that is set, else 200ms/250ms)
                """ + RateLoadShape.OPTIONS;
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of("--rate", "--duration", "--warmup", "--config", "--batch", "--connections", "--drain-timeout");
    }

    @Override
    public List<ServiceModule> services(Flags flags) {
        return List.of(ServiceModule.COLLECTOR, ServiceModule.STREAM);
    }

    @Override
    public int run(BenchRun run, Flags flags) throws Exception {
        String rateText = flags.string("--rate", Flags.orEnv("BENCH_E2E_SUSTAIN", "50000"));
        if (!rateText.matches("[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("--rate takes events/s > 0, got " + rateText
                    + " (BENCH_E2E_SUSTAIN=0 no longer turns anything off: the sustain runs only when asked for)");
        }
        int rate = Integer.parseInt(rateText);
        Duration duration = flags.duration("--duration", Flags.parseDuration(Flags.orEnv("BENCH_E2E_SUSTAIN_DURATION", "5m")));
        Duration warmup = flags.duration("--warmup", Flags.parseDuration(Flags.orEnv("BENCH_E2E_SUSTAIN_WARMUP", "15s")));
        RollTrigger setting = RollTrigger.parse(flags.string("--config", Flags.orEnv("BENCH_E2E_SUSTAIN_CONFIG", defaultConfig())));
        RateLoadShape shape = RateLoadShape.of(flags);
        if (duration.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("--duration must be at least 15s");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must be >= 0");
        }

        ObjectNode results = run.results();
        ObjectNode settings = results.putObject("settings");
        settings.put("rate", rate);
        settings.put("config", setting.toString());
        settings.set("duration_s", number(duration.toMillis() / 1000.0));
        settings.set("warmup_s", number(warmup.toMillis() / 1000.0));
        settings.set("batch", shape.batchSetting());
        settings.put("connections", shape.connections());
        settings.put("env", ServiceEnvironment.recorded("STREAM_", "COLLECTOR_"));
        ObjectNode javaOpts = settings.putObject("java_opts");
        javaOpts.put("all", System.getenv().getOrDefault("BENCH_JAVA_OPTS", ""));
        for (ServiceModule module : services(flags)) {
            javaOpts.put(module.shortName(), System.getenv().getOrDefault(BenchRun.serviceJavaOptsVariable(module), ""));
        }

        run.say("config %s: COLLECTOR_ROLL_INTERVAL=%s STREAM_TRIGGER_INTERVAL=%s", setting, setting.roll(), setting.trigger());
        ObjectNode sustain;
        try (RatePipeline pipeline = RatePipeline.start(run, DATABASE, setting, "sustain")) {
            run.say("  collector ready in %d ms, stream-service in %d ms", pipeline.collectorReadyMs(), pipeline.streamReadyMs());
            results.put("collector_ready_ms", pipeline.collectorReadyMs());
            results.put("stream_ready_ms", pipeline.streamReadyMs());
            String runId = String.format(Locale.ROOT, "sustain%04x", ThreadLocalRandom.current().nextInt(65536));
            run.say("  sustain %d events/s, %d per request, %s warm-up + %s measured; /lag every 5 s (run id %s) ...", rate,
                    shape.batchFor(rate), FlagValues.text(warmup), FlagValues.text(duration), runId);
            RateStep.Outcome outcome = new RateStep(pipeline, shape).run(rate, runId, duration, warmup,
                    RateStep.Watch.lag(pipeline.stream()));
            sustain = SustainVerdict.of(outcome.step(), outcome.samples(), duration.toMillis() / 1000.0, setting);
        }
        results.set("sustain", sustain);
        run.say("  sustain: %s events/s acked (kept rate: %s); oldest pending age mean %s ms in the first %s s, %s ms in the last,"
                + " slope %s ms/min: flat %s; missing %s", text(sustain.path("client").path("events_per_sec")),
                text(sustain.path("kept_rate")), text(sustain.path("lag_first_minute_mean_ms")), text(sustain.path("lag_window_s")),
                text(sustain.path("lag_last_minute_mean_ms")), text(sustain.path("lag_slope_ms_per_min")), text(sustain.path("flat")),
                text(sustain.path("check").path("missing_events")));

        long lost = sustain.path("check").path("missing_events").asLong();
        if (lost != 0) {
            System.err.println("sustain-bench: " + lost + " acknowledged events are not in PostgreSQL: this run is invalid");
            return 1;
        }
        return 0;
    }

    /**
     * The script held the rate on the services of its last config; the suite ran it with
     * {@code --configs 500ms/1s,200ms/250ms}, so 200ms/250ms is the setting of the published figure.
     */
    private static String defaultConfig() {
        List<RollTrigger> configs = RollTrigger.parseList(Flags.orEnv("BENCH_E2E_CONFIGS", "200ms/250ms"));
        return configs.get(configs.size() - 1).toString();
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        StreamResultsHead.print(results, out);
        JsonNode sustain = results.path("sustain");
        String warmup = text(results.path("settings").path("warmup_s"));
        RateTables.printSustain(sustain, "on fresh services after a " + warmup + " s warm-up at that rate", out);
    }
}

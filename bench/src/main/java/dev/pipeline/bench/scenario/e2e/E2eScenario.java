package dev.pipeline.bench.scenario.e2e;

import static dev.pipeline.bench.scenario.JqFigures.number;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * End to end on this machine (formerly bench/e2e-bench.sh without its --sustain part): the packaged
 * collector and stream service on one data folder, events POSTed to the collector at fixed rates (open
 * loop), latency from received_at to the commit in PostgreSQL, and a check that every acknowledged
 * event is in user_events. One or more settings of COLLECTOR_ROLL_INTERVAL / STREAM_TRIGGER_INTERVAL,
 * each on fresh services and a fresh database, at one or more rates on the same services. A run that
 * lost an acknowledged event is invalid: exit status 1.
 */
public final class E2eScenario implements Scenario {

    private static final String DATABASE = "bench_e2e";

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public String summary() {
        return "collector + stream service at fixed rates: received -> committed latency, no loss (~11 min per setting at 4 rates)";
    }

    /** The suite compares the contract's defaults with the low-latency setting, unless BENCH_E2E_CONFIGS says otherwise. */
    @Override
    public List<String> suiteArguments() {
        return System.getenv("BENCH_E2E_CONFIGS") == null ? List.of("--configs", "500ms/1s,200ms/250ms") : List.of();
    }

    @Override
    public String options() {
        return """
                  --rates LIST        events/s of the steps, in order, on the same services
                                      (env BENCH_E2E_RATES, default 1000,5000,10000,20000)
                  --configs LIST      ROLL/TRIGGER pairs (COLLECTOR_ROLL_INTERVAL/STREAM_TRIGGER_INTERVAL), e.g.
                                      500ms/1s,100ms/0s; each gets fresh services, data folder and database
                                      (env BENCH_E2E_CONFIGS, default 500ms/1s)
                  --duration D        measured time of each step, e.g. 30s, 2m (env BENCH_E2E_DURATION, default 2m)
                  --warmup D          time before it at the same rate, checked for loss but not in the latency
                                      (env BENCH_E2E_WARMUP, default 15s)
                """ + RateLoadShape.OPTIONS;
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of("--rates", "--configs", "--duration", "--warmup", "--batch", "--connections", "--drain-timeout");
    }

    @Override
    public List<ServiceModule> services(Flags flags) {
        return List.of(ServiceModule.COLLECTOR, ServiceModule.STREAM);
    }

    @Override
    public int run(BenchRun run, Flags flags) throws Exception {
        String rates = flags.string("--rates", Flags.orEnv("BENCH_E2E_RATES", "1000,5000,10000,20000"));
        String configs = flags.string("--configs", Flags.orEnv("BENCH_E2E_CONFIGS", "500ms/1s"));
        Duration duration = flags.duration("--duration", Flags.parseDuration(Flags.orEnv("BENCH_E2E_DURATION", "2m")));
        Duration warmup = flags.duration("--warmup", Flags.parseDuration(Flags.orEnv("BENCH_E2E_WARMUP", "15s")));
        RateLoadShape shape = RateLoadShape.of(flags);
        List<Integer> rateList = FlagValues.positiveInts("--rates", rates);
        List<RollTrigger> settings = RollTrigger.parseList(configs);
        if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("--duration must be > 0 and --warmup >= 0");
        }

        ObjectNode results = run.results();
        ObjectNode settingsJson = results.putObject("settings");
        settingsJson.put("rates", rates);
        settingsJson.put("configs", configs);
        settingsJson.set("duration_s", number(duration.toMillis() / 1000.0));
        settingsJson.set("warmup_s", number(warmup.toMillis() / 1000.0));
        settingsJson.set("batch", shape.batchSetting());
        settingsJson.put("connections", shape.connections());
        settingsJson.put("env", ServiceEnvironment.recorded("STREAM_", "COLLECTOR_"));
        ArrayNode configsJson = results.putArray("configs");

        for (int ci = 1; ci <= settings.size(); ci++) {
            RollTrigger setting = settings.get(ci - 1);
            run.say("config %s: COLLECTOR_ROLL_INTERVAL=%s STREAM_TRIGGER_INTERVAL=%s", setting, setting.roll(), setting.trigger());
            try (RatePipeline pipeline = RatePipeline.start(run, DATABASE, setting, Integer.toString(ci))) {
                run.say("  collector ready in %d ms, stream-service in %d ms", pipeline.collectorReadyMs(), pipeline.streamReadyMs());
                RateStep stepRunner = new RateStep(pipeline, shape);
                List<ObjectNode> steps = new ArrayList<>();
                for (int si = 1; si <= rateList.size(); si++) {
                    int rate = rateList.get(si - 1);
                    String runId = String.format(Locale.ROOT, "e%ds%dr%04x", ci, si, ThreadLocalRandom.current().nextInt(65536));
                    run.say("  step %d events/s, %d per request: %s warm-up + %s measured (run id %s) ...", rate,
                            shape.batchFor(rate), FlagValues.text(warmup), FlagValues.text(duration), runId);
                    ObjectNode step = stepRunner.run(rate, runId, duration, warmup, RateStep.Watch.STEP).step();
                    steps.add(step);
                    run.say("  %s", RateStep.summary(step));
                }
                ObjectNode config = configsJson.addObject();
                config.put("collector_roll_interval", setting.roll());
                config.put("stream_trigger_interval", setting.trigger());
                config.put("collector_ready_ms", pipeline.collectorReadyMs());
                config.put("stream_ready_ms", pipeline.streamReadyMs());
                config.putArray("steps").addAll(steps);
            }
        }

        long lost = 0;
        for (JsonNode config : configsJson) {
            for (JsonNode step : config.path("steps")) {
                lost += step.path("check").path("missing_events").asLong();
            }
        }
        if (lost != 0) {
            System.err.println("e2e-bench: " + lost + " acknowledged events are not in PostgreSQL: this run is invalid");
            return 1;
        }
        return 0;
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        StreamResultsHead.print(results, out);
        RateTables.printSteps(results, out);
        // Files written before the sustain part became its own scenario carry it here.
        if (results.path("sustain").isObject()) {
            out.println();
            RateTables.printSustain(results.path("sustain"), "after the steps", out);
        }
    }
}

package dev.pipeline.bench.scenario.e2e;

import static dev.pipeline.bench.scenario.JqFigures.number;
import static dev.pipeline.bench.scenario.JqFigures.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.DiskRoom;
import dev.pipeline.bench.scenario.FlagValues;
import dev.pipeline.bench.scenario.Scenario;
import dev.pipeline.bench.scenario.ServiceEnvironment;
import dev.pipeline.harness.JvmHeap;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.ServiceModule;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Can the pipeline run for days? The e2e pair of services ({@link RatePipeline}) on fresh data and a
 * fresh database, the rate client ({@link RateStep}) at one rate for an hour, and every 10 s a reading
 * of the whole pipeline ({@link SoakSampler}): disk by folder and the table, each service's RSS and heap
 * after GC, the lag and the end-to-end p99. Then the drain, the loss check and one more reading, and
 * the verdicts ({@link SoakVerdict}): flat RSS, flat lag, flat checkpoint, {@code processed/} bounded
 * by its retention when one is set, nothing lost. The retentions given are the stream service's
 * {@code PIPELINE_PROCESSED_RETENTION} / {@code PIPELINE_ERROR_RETENTION}; a service without them
 * ignores them, and the verdict shows it. Not in {@code bench/run all}: it takes longer than the suite.
 */
public final class SoakScenario implements Scenario {

    private static final String DATABASE = "bench_soak";
    /**
     * What an event of the rate client takes: 109 bytes of CSV in raw/ and processed/, 204 bytes of
     * {@code user_events} with its indexes (a 3-minute soak at 5,000 events/s, 900,000 rows), with a margin.
     */
    static final long CSV_BYTES_PER_EVENT = 120;
    static final long POSTGRES_BYTES_PER_EVENT = 230;
    /** WAL kept by a stock server ({@code max_wal_size} 1 GB) and the stream's log, on top of the rows. */
    private static final long POSTGRES_OVERHEAD = 1_000_000_000L;
    /** Retention sweeps run at least once a minute: a file outlives its retention by that much. */
    private static final Duration SWEEP = Duration.ofMinutes(1);

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public String summary() {
        return "an hour at 20k events/s: disk, memory, lag sampled every 10 s; can it run for days? (~65 min, not in all)";
    }

    @Override
    public String options() {
        return """
                  --rate N            events/s held (env BENCH_SOAK_RATE, default 20000)
                  --duration D        how long (env BENCH_SOAK_DURATION, default 60m; at least 6 readings)
                  --every D           time between readings (env BENCH_SOAK_EVERY, default 10s; at least 1s)
                  --processed-retention D
                                      PIPELINE_PROCESSED_RETENTION of the stream service, e.g. 10m, 7d; 0 keeps
                                      for ever (default: that variable of this environment, else the service's own)
                  --error-retention D PIPELINE_ERROR_RETENTION of the stream service, likewise
                  --config R/T        COLLECTOR_ROLL_INTERVAL/STREAM_TRIGGER_INTERVAL (env BENCH_SOAK_CONFIG,
                                      default 500ms/1s: the services' own defaults)
                """ + RateLoadShape.OPTIONS;
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of("--rate", "--duration", "--every", "--processed-retention", "--error-retention", "--config", "--batch",
                "--connections", "--drain-timeout");
    }

    @Override
    public boolean inSuite() {
        return false;
    }

    @Override
    public List<ServiceModule> services(Flags flags) {
        return List.of(ServiceModule.COLLECTOR, ServiceModule.STREAM);
    }

    /** The options, checked. A retention is null when not given (the service's default applies). */
    record Settings(int rate, Duration duration, Duration every, String processedRetention, String errorRetention,
            RollTrigger setting, RateLoadShape shape) {

        static Settings of(Flags flags) {
            int rate = FlagValues.positiveInt(flags, "--rate", "BENCH_SOAK_RATE", 20_000);
            Duration duration = FlagValues.positiveDuration("--duration (BENCH_SOAK_DURATION)",
                    FlagValues.setting(flags, "--duration", "BENCH_SOAK_DURATION", "60m"));
            Duration every = FlagValues.positiveDuration("--every (BENCH_SOAK_EVERY)",
                    FlagValues.setting(flags, "--every", "BENCH_SOAK_EVERY", "10s"));
            if (every.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("--every must be at least 1s");
            }
            if (duration.compareTo(every.multipliedBy(6)) < 0) {
                throw new IllegalArgumentException("--duration must hold at least 6 readings (6 x --every)");
            }
            String processed = retention(flags, "--processed-retention", "PIPELINE_PROCESSED_RETENTION");
            String error = retention(flags, "--error-retention", "PIPELINE_ERROR_RETENTION");
            RollTrigger setting = RollTrigger.parse(FlagValues.setting(flags, "--config", "BENCH_SOAK_CONFIG", "500ms/1s"));
            return new Settings(rate, duration, every, processed, error, setting, RateLoadShape.of(flags));
        }

        /** The flag, else the variable the service would inherit anyway; checked to be a retention. */
        private static String retention(Flags flags, String flag, String variable) {
            String text = flags.string(flag, Flags.orEnv(variable, null));
            if (text != null) {
                try {
                    parse(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(flag + " (" + variable + "): " + e.getMessage());
                }
            }
            return text;
        }

        /**
         * How often the stream service merges its Parquet archive, in seconds, as the environment the
         * services inherit sets it ({@code STREAM_ARCHIVE_COMPACTION_INTERVAL}, default 1 h); 0 when the
         * archive is not Parquet ({@code STREAM_ARCHIVE_FORMAT}) or never merged.
         */
        static double compactionSeconds(Map<String, String> env) {
            String format = env.getOrDefault("STREAM_ARCHIVE_FORMAT", "parquet");
            if (!format.equalsIgnoreCase("parquet")) {
                return 0;
            }
            Double seconds = seconds(env.getOrDefault("STREAM_ARCHIVE_COMPACTION_INTERVAL", "1h"));
            return seconds == null ? 0 : seconds;
        }

        /** The retention in seconds; null when not set or 0 (kept for ever). */
        static Double seconds(String retention) {
            if (retention == null) {
                return null;
            }
            Duration duration = parse(retention);
            return duration.isZero() ? null : duration.toMillis() / 1000.0;
        }

        /** What the stream service takes: {@code 7d}, {@code 12h}, {@code 30m}, {@code 30s}, plain seconds, or ISO-8601 ({@code P7D}). */
        static Duration parse(String retention) {
            String text = retention.trim();
            Duration duration;
            if (text.startsWith("P") || text.startsWith("p")) {
                try {
                    duration = Duration.parse(text);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("not a retention: " + text + " (use e.g. 10m, 7d or P7D)");
                }
            } else {
                duration = Flags.parseDuration(text);
            }
            if (duration.isNegative()) {
                throw new IllegalArgumentException("a retention cannot be negative: " + text);
            }
            return duration;
        }

        /** What the stream service gets on top of the pipeline's settings. */
        Map<String, String> streamEnv() {
            Map<String, String> env = new LinkedHashMap<>();
            if (processedRetention != null) {
                env.put("PIPELINE_PROCESSED_RETENTION", processedRetention);
            }
            if (errorRetention != null) {
                env.put("PIPELINE_ERROR_RETENTION", errorRetention);
            }
            return env;
        }

        /**
         * Disk the data folder needs at most: the CSV of every event while {@code processed/} keeps
         * them (for the whole run without a retention, one retention period plus a sweep with one).
         */
        long folderNeed() {
            Double retention = seconds(processedRetention);
            double kept = retention == null ? duration.toSeconds() : Math.min(duration.toSeconds(), retention + SWEEP.toSeconds());
            return (long) (rate * (kept + 60) * CSV_BYTES_PER_EVENT);
        }

        /** PostgreSQL: every event a row of the table with its indexes, plus WAL. */
        long postgresNeed() {
            return (long) rate * duration.toSeconds() * POSTGRES_BYTES_PER_EVENT + POSTGRES_OVERHEAD;
        }
    }

    @Override
    public int run(BenchRun run, Flags flags) throws Exception {
        Settings settings = Settings.of(flags);
        RateLoadShape shape = settings.shape();
        double durationS = settings.duration().toMillis() / 1000.0;
        double everyS = settings.every().toMillis() / 1000.0;

        ObjectNode results = run.results();
        ObjectNode recorded = results.putObject("settings");
        recorded.put("rate", settings.rate());
        recorded.put("config", settings.setting().toString());
        recorded.set("duration_s", number(durationS));
        recorded.set("every_s", number(everyS));
        recorded.put("processed_retention", settings.processedRetention());
        recorded.put("error_retention", settings.errorRetention());
        recorded.set("batch", shape.batchSetting());
        recorded.put("connections", shape.connections());
        recorded.put("java_opts", String.join(" ", BenchRun.benchJavaOptions()));
        // The per-service options (./run.sh's heap caps, given to the soak as BENCH_<SERVICE>_JAVA_OPTS).
        for (ServiceModule module : List.of(ServiceModule.COLLECTOR, ServiceModule.STREAM)) {
            recorded.put("java_opts_" + module.shortName(),
                    System.getenv().getOrDefault(BenchRun.serviceJavaOptsVariable(module), ""));
        }
        recorded.put("env", ServiceEnvironment.recorded("STREAM_", "COLLECTOR_"));

        DiskRoom.check(run, "pipeline data (raw/, processed/, ...)", run.work(), settings.folderNeed(), settings.postgresNeed(),
                "set JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=DIR to a larger file system, lower --rate or --duration,"
                        + " or set --processed-retention", "lower --rate or --duration");
        run.say("config %s: COLLECTOR_ROLL_INTERVAL=%s STREAM_TRIGGER_INTERVAL=%s; stream retention: processed %s, error %s",
                settings.setting(), settings.setting().roll(), settings.setting().trigger(),
                or(settings.processedRetention()), or(settings.errorRetention()));
        ObjectNode soak;
        try (RatePipeline pipeline = RatePipeline.start(run, DATABASE, settings.setting(), "soak", settings.streamEnv())) {
            run.say("  collector ready in %d ms, stream-service in %d ms", pipeline.collectorReadyMs(), pipeline.streamReadyMs());
            results.put("collector_ready_ms", pipeline.collectorReadyMs());
            results.put("stream_ready_ms", pipeline.streamReadyMs());
            String runId = String.format(Locale.ROOT, "soak%04x", ThreadLocalRandom.current().nextInt(65536));
            run.say("  soak %d events/s, %d per request, for %s; the pipeline read every %s (run id %s) ...", settings.rate(),
                    shape.batchFor(settings.rate()), FlagValues.text(settings.duration()), FlagValues.text(settings.every()),
                    runId);
            RateStep.Watch watch = new RateStep.Watch(first -> SoakSampler.start(pipeline, first, settings.every()), false);
            RateStep.Outcome outcome = new RateStep(pipeline, shape).run(settings.rate(), runId, settings.duration(),
                    Duration.ZERO, watch);
            // raw/ after the drain: what a loaded file leaves behind once no new data comes.
            Thread.sleep(settings.every().toMillis());
            ObjectNode afterDrain = SoakSampler.read(pipeline);
            soak = SoakVerdict.of(outcome.step(), outcome.samples(), afterDrain, durationS, everyS, settings.setting(),
                    Settings.seconds(settings.processedRetention()), Settings.seconds(settings.errorRetention()),
                    Settings.compactionSeconds(System.getenv()));
            ObjectNode heapMax = soak.putObject("heap_max_mb");
            heapMax.set("collector", heapMax(pipeline.collector()));
            heapMax.set("stream", heapMax(pipeline.stream()));
        }
        results.set("soak", soak);
        JsonNode verdicts = soak.path("verdicts");
        run.say("  soak: %s events/s acked (kept rate %s), lost %s; rss flat %s, lag flat %s, checkpoints flat %s,"
                + " processed bounded %s: %s", text(soak.path("client").path("events_per_sec")), text(verdicts.path("kept_rate")),
                text(soak.path("lost")), text(verdicts.path("rss_flat")), text(verdicts.path("lag_flat")),
                text(verdicts.path("checkpoints_flat")), text(verdicts.path("processed_bounded")),
                soak.path("passed").asBoolean() ? "PASSED" : "FAILED");

        long lost = soak.path("lost").asLong(-1);
        if (lost != 0) {
            System.err.println("soak-bench: " + (lost < 0 ? "the loss check did not run" : lost + " acknowledged events are not in"
                    + " PostgreSQL") + ": this run is invalid");
            return 1;
        }
        return 0;
    }

    private static String or(String retention) {
        return retention == null ? "the service's default" : retention;
    }

    private static JsonNode heapMax(PackagedService service) throws InterruptedException {
        try {
            JvmHeap heap = service.heap();
            return heap == null || heap.maxMb() == null ? BenchRun.JSON.nullNode() : number(Math.round(heap.maxMb()));
        } catch (IOException e) {
            return BenchRun.JSON.nullNode();
        }
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        SoakTables.print(results, out);
    }
}

package dev.pipeline.bench.scenario.generators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.FlagValues;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.ReadyTimeout;
import dev.pipeline.bench.scenario.Scenario;
import dev.pipeline.bench.scenario.ServiceEnvironment;
import dev.pipeline.bench.scenario.StreamResultsHead;
import dev.pipeline.bench.scenario.TextTable;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.StartupException;
import dev.pipeline.harness.proc.MachineCpu;
import dev.pipeline.harness.proc.ProcStat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How event throughput scales with the number of generator instances posting to one collector (what
 * {@code docker-compose up --scale generator=N} gives): one packaged collector (fsync on) runs
 * throughout; for each N, N packaged generators post to it at an unbounded rate (or {@code --rate R}
 * each), and the events they get acknowledged (the sum of {@code acked} from their {@code GET /stats})
 * and the CPU of the collector and of the generators are measured over a window. At the end the
 * collector is stopped (it publishes its open files) and the event ids of every raw CSV file are
 * checked for collisions across the generators.
 */
public final class GeneratorsScenario implements Scenario {

    /**
     * "Unbounded": GENERATOR_RATE must be a finite positive number (the generator's Pacer refuses others);
     * a billion events/s is far above what one generating thread makes (~630k/s with nothing to send to),
     * so the pacer never holds a generator back: its 16 batches in flight and the CPU do.
     */
    private static final long UNBOUNDED_RATE = 1_000_000_000L;
    /** The collector's COLLECTOR_MAX_EVENTS default: a larger request is refused. */
    private static final int MAX_BATCH = 10_000;
    /** The script's stop: SIGTERM, SIGKILL after 30 s. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** What the generators get from this scenario and nothing else: nothing that stops them early or sends bad events. */
    private static final Set<String> GENERATOR_SETTINGS = Set.of("GENERATOR_COLLECTOR_URL", "GENERATOR_RATE", "GENERATOR_BATCH_SIZE",
            "GENERATOR_DUPLICATE_RATIO", "GENERATOR_INVALID_RATIO", "GENERATOR_MAX_EVENTS", "GENERATOR_DURATION", "GENERATOR_ENABLED",
            "GENERATOR_API_KEY");
    private static final List<String> GENERATOR_UNSET = List.of("GENERATOR_MAX_EVENTS", "GENERATOR_DURATION", "GENERATOR_ENABLED",
            "GENERATOR_API_KEY");

    @Override
    public String name() {
        return "generators";
    }

    @Override
    public String summary() {
        return "1, 2, 4 generators against one collector: events/s acknowledged, CPU of each side, no id shared (~4 min)";
    }

    @Override
    public String options() {
        return """
                COLLECTOR_* variables reach the collector (COLLECTOR_FSYNC default true here); GENERATOR_* variables
                reach the generators, except those this scenario sets (COLLECTOR_URL, RATE, BATCH_SIZE, DUPLICATE_RATIO=0,
                INVALID_RATIO=0) or that would stop them early (MAX_EVENTS, DURATION, ENABLED). Extra JVM options for
                all of them: env BENCH_JAVA_OPTS. Waits for a quiet machine before each count (BENCH_QUIET_TIMEOUT).
                Exit status 1 when the raw files do not add up (an id twice, a bad header, rows != accepted).

                  --generators LIST   generator counts, in order, e.g. 1,2,4          (env BENCH_GENERATORS, default 1,2,4)
                  --duration D        measured time per count: 30s, 500ms, 2m         (env BENCH_GENERATORS_DURATION, default 30s)
                  --warmup D          time after all are ready, before measuring      (env BENCH_GENERATORS_WARMUP, default 10s)
                  --batch-size N      events per request (GENERATOR_BATCH_SIZE)       (env BENCH_GENERATORS_BATCH_SIZE, default 100)
                  --rate R            events/s of each generator; 0 = unbounded        (env BENCH_GENERATORS_RATE, default 0)
                """;
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of("--generators", "--duration", "--warmup", "--batch-size", "--rate");
    }

    @Override
    public List<ServiceModule> services(Flags flags) {
        return List.of(ServiceModule.COLLECTOR, ServiceModule.GENERATOR);
    }

    @Override
    public boolean needsPostgres(Flags flags) {
        return false;
    }

    /** What the run does. */
    private record Settings(List<Integer> counts, Duration duration, Duration warmup, int batch, double rate, String rateText,
            String collectorFsync, Duration readyTimeout) {

        static Settings of(Flags flags) {
            List<Integer> counts = FlagValues.positiveInts("--generators", flags.string("--generators",
                    Flags.orEnv("BENCH_GENERATORS", "1,2,4")));
            Duration duration = FlagValues.positiveDuration("--duration", flags.string("--duration",
                    Flags.orEnv("BENCH_GENERATORS_DURATION", "30s")));
            Duration warmup = FlagValues.duration("--warmup", flags.string("--warmup", Flags.orEnv("BENCH_GENERATORS_WARMUP", "10s")));
            int batch = FlagValues.positiveInt("--batch-size", flags.string("--batch-size",
                    Flags.orEnv("BENCH_GENERATORS_BATCH_SIZE", "100")));
            if (batch > MAX_BATCH) {
                throw new IllegalArgumentException("--batch-size is at most " + MAX_BATCH + " (the collector's COLLECTOR_MAX_EVENTS)");
            }
            String rateText = flags.string("--rate", Flags.orEnv("BENCH_GENERATORS_RATE", "0")).trim();
            if (!rateText.matches("[0-9]+([.][0-9]+)?")) {
                throw new IllegalArgumentException("--rate takes events per second (0 = unbounded), got " + rateText);
            }
            double rate = Double.parseDouble(rateText);
            return new Settings(counts, duration, warmup, batch, rate, rate > 0 ? rateText : "0",
                    Flags.orEnv("COLLECTOR_FSYNC", "true"), ReadyTimeout.of(120));
        }

        /** GENERATOR_RATE: the rate asked for, or one the pacer never reaches. */
        String generatorRate() {
            return rate > 0 ? rateText : Long.toString(UNBOUNDED_RATE);
        }
    }

    @Override
    public int run(BenchRun run, Flags flags) throws Exception {
        Settings settings = Settings.of(flags);
        run.recordLoadAverage();
        Path data = Files.createDirectories(run.work().resolve("data"));
        PackagedService collector = run.service(ServiceModule.COLLECTOR, "collector")
                .withoutInheritedEnv("COLLECTOR_API_KEY")
                .withEnv("PIPELINE_DATA_DIR", data.toString())
                .withEnv("COLLECTOR_FSYNC", settings.collectorFsync());
        run.say("starting the collector on port %d (fsync %s) ...", collector.port(), settings.collectorFsync());
        long launched = System.nanoTime();
        collector.launch();
        collector.awaitReady(settings.readyTimeout());
        run.say("collector ready in %d ms", (System.nanoTime() - launched) / 1_000_000);

        ArrayNode runs = BenchRun.JSON.createArrayNode();
        int firstGeneratorPort = -1;
        for (int n : settings.counts()) {
            ObjectNode point = point(run, settings, collector, n);
            if (firstGeneratorPort < 0) {
                firstGeneratorPort = point.path("per_generator").path(0).path("port").asInt();
            }
            runs.add(point);
        }

        // Every acknowledged event is in a file of the collector's by now (the generators have stopped): its
        // own count, then SIGTERM, which writes what is queued and publishes the open files.
        Long accepted = acceptedEvents(collector);
        collector.stop(STOP_GRACE);
        run.say("checking the event ids of the raw files ...");
        RawIdsCheck ids = RawIdsCheck.of(data);

        ObjectNode results = run.results();
        ObjectNode written = results.putObject("settings");
        ArrayNode counts = written.putArray("generators");
        settings.counts().forEach(counts::add);
        written.set("duration_s", JqFigures.number(settings.duration().toMillis() / 1000.0));
        written.set("warmup_s", JqFigures.number(settings.warmup().toMillis() / 1000.0));
        written.put("batch_size", settings.batch());
        written.set("rate_per_generator", JqFigures.number(settings.rate()));
        written.set("generator_rate_setting", JqFigures.number(Double.parseDouble(settings.generatorRate())));
        written.put("duplicate_ratio", 0);
        written.put("invalid_ratio", 0);
        written.put("collector_fsync", settings.collectorFsync().equals("true"));
        written.put("collector_port", collector.port());
        written.put("generator_port", firstGeneratorPort);
        written.put("java_opts", System.getenv().getOrDefault("BENCH_JAVA_OPTS", ""));
        written.put("collector_env", ServiceEnvironment.recorded("COLLECTOR_", Set.of("COLLECTOR_FSYNC", "COLLECTOR_API_KEY")));
        written.put("generator_env", ServiceEnvironment.recorded("GENERATOR_", GENERATOR_SETTINGS));
        results.set("runs", runs);
        results.set("ids", ids.toJson(accepted));
        if (!ids.addsUp(accepted)) {
            run.say("the raw files do not add up (duplicate ids, a bad header, unpublished files or rows != accepted); see ids below");
            return 1;
        }
        return 0;
    }

    /** N generators, warm-up, the measured window: one entry of {@code runs}. */
    private static ObjectNode point(BenchRun run, Settings settings, PackagedService collector, int n) throws Exception {
        long quiet = (long) run.waitQuiet(); // the collector runs, idle
        List<PackagedService> generators = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            generators.add(generator(run, settings, collector, "generator-n" + n + "-" + i));
        }
        run.say("%d generator(s) on ports %s ...", n, generators.stream().map(g -> Integer.toString(g.port())).toList());
        // Launched at once; ready once the collector has recorded a batch of each.
        long launched = System.nanoTime();
        generators.forEach(PackagedService::launch);
        for (PackagedService generator : generators) {
            generator.awaitReady(settings.readyTimeout());
        }
        long readyMs = (System.nanoTime() - launched) / 1_000_000;
        run.say("  all ready in %d ms; %s warm-up, then %s measured", readyMs, FlagValues.text(settings.warmup()),
                FlagValues.text(settings.duration()));
        Thread.sleep(settings.warmup().toMillis());
        checkAlive(collector, generators);
        WindowEdge start = WindowEdge.read(collector, generators);
        Thread.sleep(settings.duration().toMillis());
        checkAlive(collector, generators);
        WindowEdge end = WindowEdge.read(collector, generators);
        long collectorRss = Math.round(ProcStat.rss(collector.pid()).mb());
        long generatorsRss = generators.stream().mapToLong(g -> Math.round(ProcStat.rss(g.pid()).mb())).sum();
        stop(generators);
        long warnings = 0;
        for (PackagedService generator : generators) {
            warnings += warnings(generator.log());
        }
        GeneratorsPoint measured = new GeneratorsPoint(generators.stream().map(PackagedService::port).toList(), readyMs, quiet,
                (end.nanos() - start.nanos()) / 1_000_000, start.stats(), end.stats(), start.generatorCpu(),
                end.generatorCpu(), start.collectorCpu(), end.collectorCpu(),
                JqFigures.round(end.machine().coresBusySince(start.machine()), 2), settings.rate(), collectorRss, generatorsRss, warnings);
        ObjectNode point = measured.toJson();
        String target = "";
        if (settings.rate() > 0) {
            target = "; target " + JqFigures.text(point.path("target_events_per_sec")) + ": "
                    + (point.path("reached_target").asBoolean() ? "reached" : "NOT reached (" + JqFigures.text(point.path("of_target")) + ")");
        }
        run.say("  %s events/s acked (%s per generator); cores: collector %s, generators %s, machine %s; retries %s, failed %s%s",
                JqFigures.text(point.path("events_per_sec")), JqFigures.text(point.path("events_per_sec_per_generator")),
                JqFigures.text(point.path("cpu_cores").path("collector")), JqFigures.text(point.path("cpu_cores").path("generators")),
                JqFigures.text(point.path("cpu_cores").path("machine")), JqFigures.text(point.path("retries")),
                JqFigures.text(point.path("failed")), target);
        return point;
    }

    private static PackagedService generator(BenchRun run, Settings settings, PackagedService collector, String name) {
        PackagedService generator = run.service(ServiceModule.GENERATOR, name);
        GENERATOR_UNSET.forEach(generator::withoutInheritedEnv);
        return generator.withEnv("GENERATOR_COLLECTOR_URL", collector.url().toString())
                .withEnv("GENERATOR_RATE", settings.generatorRate())
                .withEnv("GENERATOR_BATCH_SIZE", Integer.toString(settings.batch()))
                .withEnv("GENERATOR_DUPLICATE_RATIO", "0")
                .withEnv("GENERATOR_INVALID_RATIO", "0");
    }

    /** {@code GET /stats} of every generator, in order. */
    private static List<JsonNode> stats(List<PackagedService> generators) {
        List<JsonNode> stats = new ArrayList<>();
        for (PackagedService generator : generators) {
            try {
                stats.add(generator.stats());
            } catch (IOException | InterruptedException e) {
                throw new StartupException("GET /stats of the generator on port " + generator.port() + " failed (" + e.getMessage()
                        + "). The end of " + generator.log() + ":\n" + generator.tail());
            }
        }
        return stats;
    }

    /** CPU seconds so far, to 2 decimals as the script read them. */
    private static double cpuSeconds(PackagedService service) {
        return JqFigures.round(ProcStat.cpuSeconds(service.pid()), 2);
    }

    private static void checkAlive(PackagedService collector, List<PackagedService> generators) {
        for (PackagedService service : Stream.concat(Stream.of(collector), generators.stream()).toList()) {
            if (!service.isAlive()) {
                throw new StartupException(service.name() + " (port " + service.port() + ") died. The end of " + service.log() + ":\n"
                        + service.tail());
            }
        }
    }

    /** SIGTERM to all at once (each stops generating and waits up to 5 s for its last answers), then waits for each. */
    private static void stop(List<PackagedService> generators) throws InterruptedException {
        for (PackagedService generator : generators) {
            if (generator.process() != null) {
                generator.process().handle().destroy();
            }
        }
        for (PackagedService generator : generators) {
            generator.stop(STOP_GRACE);
        }
    }

    /** Lines with {@code " WARN "} in a log, as {@code grep -c}. */
    static long warnings(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(" WARN ")).count();
        }
    }

    /** The collector's {@code collector_events_accepted_total}, null when /q/metrics does not answer with it. */
    private static Long acceptedEvents(PackagedService collector) {
        try {
            Double accepted = collector.metrics().get("collector_events_accepted_total");
            return accepted == null ? null : accepted.longValue();
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        JsonNode machine = results.path("machine");
        JsonNode settings = results.path("settings");
        out.println(StreamResultsHead.lineWithoutPostgres("generators", results));
        boolean fixed = settings.path("rate_per_generator").asDouble() > 0;
        out.println("one collector (fsync " + JqFigures.text(settings.path("collector_fsync")) + "); generators at "
                + (fixed ? JqFigures.text(settings.path("rate_per_generator")) + " events/s each" : "an unbounded rate") + ", "
                + JqFigures.text(settings.path("batch_size")) + " events per request; " + JqFigures.text(settings.path("warmup_s"))
                + " s warm-up, " + JqFigures.text(settings.path("duration_s")) + " s measured per count");
        out.println();
        TextTable table = new TextTable();
        List<Object> head = new ArrayList<>(List.of("N", "events/s acked", "per generator", "collector cores", "generator cores",
                "events/s per gen core", "machine cores", "retries", "failed"));
        if (fixed) {
            head.addAll(List.of("target events/s", "reached"));
        }
        table.row(head.toArray());
        for (JsonNode r : results.path("runs")) {
            List<Object> row = new ArrayList<>(List.of(r.path("generators"), r.path("events_per_sec"), r.path("events_per_sec_per_generator"),
                    r.path("cpu_cores").path("collector"), r.path("cpu_cores").path("generators"), r.path("events_per_generator_core"),
                    r.path("cpu_cores").path("machine"), r.path("retries"), r.path("failed")));
            if (fixed) {
                row.add(r.path("target_events_per_sec"));
                row.add(r.path("reached_target").asBoolean() ? "yes" : "NO (" + JqFigures.text(r.path("of_target")) + ")");
            }
            table.row(row.toArray());
        }
        table.print(out);
        out.println();
        JsonNode ids = results.path("ids");
        boolean rowsMatch = ids.path("collector_accepted").isNumber() && ids.path("rows").asLong() == ids.path("collector_accepted").asLong();
        out.println("event ids in the " + JqFigures.text(ids.path("files")) + " raw files: " + JqFigures.text(ids.path("rows")) + " rows, "
                + JqFigures.text(ids.path("distinct_ids")) + " distinct => duplicate_ids " + JqFigures.text(ids.path("duplicate_ids"))
                + "; the collector accepted " + JqFigures.text(ids.path("collector_accepted")) + " (" + (rowsMatch ? "= rows" : "!= rows")
                + "); files with a wrong header " + JqFigures.text(ids.path("files_bad_header")) + ", unpublished work files "
                + JqFigures.text(ids.path("work_files_left")));
    }

    /** What is read at each end of the measured window: the generators' /stats and the CPU of each side. */
    private record WindowEdge(long nanos, List<JsonNode> stats, MachineCpu machine, double collectorCpu,
            List<Double> generatorCpu) {

        static WindowEdge read(PackagedService collector, List<PackagedService> generators) {
            return new WindowEdge(System.nanoTime(), GeneratorsScenario.stats(generators), MachineCpu.now(),
                    cpuSeconds(collector), generators.stream().map(GeneratorsScenario::cpuSeconds).toList());
        }
    }
}

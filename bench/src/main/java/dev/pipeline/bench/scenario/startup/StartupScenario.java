package dev.pipeline.bench.scenario.startup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BenchPostgres;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.DataFolders;
import dev.pipeline.bench.scenario.FlagValues;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.ReadyTimeout;
import dev.pipeline.bench.scenario.Scenario;
import dev.pipeline.bench.scenario.ServiceEnvironment;
import dev.pipeline.bench.scenario.StreamResultsHead;
import dev.pipeline.bench.scenario.TextTable;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.proc.ProcStat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Start-up of the three packaged services (collector, stream service, generator): time from
 * {@code java -jar} to {@code /q/health/ready} answering 200, the time Quarkus reports, CPU used until
 * ready, resident memory when ready and after idling, and the time SIGTERM takes. Several runs of
 * each, each on a fresh data folder (and for the stream service an empty database). The generator is
 * ready once the collector has recorded its first batch, so a collector (not measured) runs while it
 * is measured. Peak memory of the stream service under load comes from the sink benchmark: its newest
 * results file is quoted if there is one.
 */
public final class StartupScenario implements Scenario {

    private static final List<String> KNOWN = List.of("collector", "stream", "generator");
    /** The script's stop: SIGTERM, SIGKILL after 30 s. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Pattern SINK_RESULTS = Pattern.compile("sink-.*\\.json");
    /** The stream service's database, made empty for each of its runs. */
    private static final String STREAM_DB = "bench_startup";

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public String summary() {
        return "collector, stream-service and generator: start to ready, CPU and memory, SIGTERM to exit (~4-5 min)";
    }

    @Override
    public String options() {
        return """
                Extra JVM options for all three: env BENCH_JAVA_OPTS (e.g. -Xmx512m). STREAM_*, COLLECTOR_* and
                GENERATOR_* variables reach the services. The generator posts to a collector this scenario starts
                (not measured; GENERATOR_RATE default here 100 events/s, GENERATOR_BATCH_SIZE 10): its "idle" is
                generating at that rate. Readiness is awaited at most BENCH_READY_TIMEOUT s (default 120).

                  --runs N            start-ups of each service                  (env BENCH_STARTUP_RUNS, default 3)
                  --idle D            idle time after ready before RSS is read   (env BENCH_STARTUP_IDLE, default 20s)
                  --services LIST     which: collector,stream,generator           (env BENCH_STARTUP_SERVICES, default all three)
                """;
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of("--runs", "--idle", "--services");
    }

    @Override
    public List<ServiceModule> services(Flags flags) {
        List<String> services = serviceList(flags);
        Set<ServiceModule> modules = new LinkedHashSet<>();
        for (String service : services) {
            modules.add(module(service));
        }
        if (services.contains("generator")) {
            modules.add(ServiceModule.COLLECTOR); // the generator needs a collector to become ready
        }
        return List.copyOf(modules);
    }

    @Override
    public boolean needsPostgres(Flags flags) {
        return serviceList(flags).contains("stream");
    }

    @Override
    public int run(BenchRun run, Flags flags) throws Exception {
        int runs = FlagValues.positiveInt("--runs", flags.string("--runs", Flags.orEnv("BENCH_STARTUP_RUNS", "3")));
        Duration idle = FlagValues.positiveDuration("--idle", flags.string("--idle", Flags.orEnv("BENCH_STARTUP_IDLE", "20s")));
        String serviceText = flags.string("--services", Flags.orEnv("BENCH_STARTUP_SERVICES", "collector,stream,generator"));
        List<String> services = serviceList(flags);
        // The generator's load while it is measured: small, and the first batch after 0.1 s (not the 1 s
        // the default 100-event batch takes to fill at 100 events/s). GENERATOR_* in the environment win.
        String generatorRate = Flags.orEnv("GENERATOR_RATE", "100");
        String generatorBatch = Flags.orEnv("GENERATOR_BATCH_SIZE", "10");
        Duration readyTimeout = ReadyTimeout.of(120);
        run.recordLoadAverage();

        ObjectNode byService = BenchRun.JSON.createObjectNode();
        for (String service : services) {
            PackagedService helper = null;
            if (service.equals("generator")) {
                Path data = Files.createDirectories(run.work().resolve("helper-collector-data"));
                helper = run.service(ServiceModule.COLLECTOR, "helper-collector")
                        .withEnv("PIPELINE_DATA_DIR", data.toString()).withEnv("COLLECTOR_FSYNC", "false");
                helper.launch();
                helper.awaitReady(readyTimeout);
                run.say("a collector for the generator runs on port %d (not measured)", helper.port());
            }
            List<ObjectNode> serviceRuns = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                run.waitQuiet();
                run.say("%s: run %d of %d ...", service, i, runs);
                PackagedService measured = prepare(run, service, i, helper, generatorRate, generatorBatch);
                StartupFigures figures = measure(measured, idle, readyTimeout);
                run.say("  ready in %d ms (Quarkus: %s s), CPU %s s, RSS %d MB when ready, %d MB after idling, stopped in %d ms",
                        figures.readyMs(), JqFigures.text(figures.quarkusStartedS()), JqFigures.text(figures.cpuSecondsToReady()),
                        figures.rssReadyMb(), figures.rssIdleMb(),
                        figures.sigtermToExitMs());
                if (service.equals("stream")) {
                    run.postgres().drop(STREAM_DB);
                }
                DataFolders.delete(run.work().resolve(service + "-data-" + i));
                serviceRuns.add(figures.toJson());
            }
            if (helper != null) {
                helper.stop(STOP_GRACE);
                DataFolders.delete(run.work().resolve("helper-collector-data"));
            }
            ObjectNode entry = byService.putObject(service);
            entry.putArray("runs").addAll(serviceRuns);
            entry.set("median", StartupFigures.medians(serviceRuns));
        }

        ObjectNode results = run.results();
        ObjectNode settings = results.putObject("settings");
        settings.put("runs", runs);
        settings.set("idle_s", JqFigures.number(idle.toMillis() / 1000.0));
        settings.put("java_opts", System.getenv().getOrDefault("BENCH_JAVA_OPTS", ""));
        settings.put("services", serviceText);
        settings.put("stream_env", ServiceEnvironment.recorded("STREAM_", Set.of()));
        settings.put("collector_env", ServiceEnvironment.recorded("COLLECTOR_", Set.of()));
        settings.put("generator_env", "GENERATOR_RATE=" + generatorRate + " GENERATOR_BATCH_SIZE=" + generatorBatch + " "
                + ServiceEnvironment.recorded("GENERATOR_", Set.of("GENERATOR_RATE", "GENERATOR_BATCH_SIZE")));
        JsonNode streamRuns = byService.path("stream").path("runs");
        results.set("runs", streamRuns.isArray() ? streamRuns : BenchRun.JSON.createArrayNode());
        results.set("services", byService);
        results.set("peak_under_load", peakUnderLoad(run));
        return 0;
    }

    /** The service of one run on a fresh data folder (the stream service also on an empty database). */
    private static PackagedService prepare(BenchRun run, String service, int i, PackagedService collector, String generatorRate,
            String generatorBatch) throws Exception {
        Path data = Files.createDirectories(run.work().resolve(service + "-data-" + i));
        PackagedService measured = run.service(module(service), service + "-" + i);
        switch (service) {
            case "collector" -> measured.withEnv("PIPELINE_DATA_DIR", data.toString());
            case "stream" -> {
                BenchPostgres postgres = run.postgres();
                postgres.freshDatabase(STREAM_DB);
                measured.withEnv("PIPELINE_DATA_DIR", data.toString());
                postgres.datasourceOf(measured, STREAM_DB);
            }
            default -> measured.withEnv("GENERATOR_COLLECTOR_URL", collector.url().toString())
                    .withEnv("GENERATOR_RATE", generatorRate).withEnv("GENERATOR_BATCH_SIZE", generatorBatch);
        }
        return measured;
    }

    /** One start-up, idle time and stop. */
    private static StartupFigures measure(PackagedService service, Duration idle, Duration readyTimeout) throws Exception {
        long launched = System.nanoTime();
        service.launch();
        service.awaitReady(readyTimeout);
        long readyMs = (System.nanoTime() - launched) / 1_000_000;
        long pid = service.pid();
        ProcStat.Rss ready = ProcStat.rss(pid);
        double cpuReady = ProcStat.cpuSeconds(pid);
        Thread.sleep(idle.toMillis());
        // Read after idling: Quarkus may log "started in" a moment after it first answers ready.
        Double quarkus = StartupFigures.quarkusStartedSeconds(service.log());
        ProcStat.Rss idled = ProcStat.rss(pid);
        double cpuIdle = ProcStat.cpuSeconds(pid);
        long stopping = System.nanoTime();
        service.stop(STOP_GRACE);
        long stopMs = (System.nanoTime() - stopping) / 1_000_000;
        return new StartupFigures(readyMs, quarkus, JqFigures.round(cpuReady, 2), Math.round(ready.mb()), Math.round(idled.mb()),
                Math.round(idled.peakMb()), StartupFigures.idleCores(cpuReady, cpuIdle, idle.toMillis()), stopMs);
    }

    /**
     * The stream service's peak memory under load from the newest sink results file beside this run's
     * ({@code {file, rows, rss_peak_mb, hwm_mb}}), null when there is none with a {@code stream} part.
     */
    private static JsonNode peakUnderLoad(BenchRun run) throws IOException {
        Optional<Path> newest;
        try (Stream<Path> files = Files.list(run.resultsFile().getParent())) {
            newest = files.filter(f -> SINK_RESULTS.matcher(f.getFileName().toString()).matches())
                    .max(Comparator.comparing(f -> f.getFileName().toString()));
        }
        if (newest.isEmpty()) {
            return BenchRun.JSON.nullNode();
        }
        JsonNode stream;
        try {
            stream = BenchRun.JSON.readTree(newest.get().toFile()).path("stream");
        } catch (IOException e) {
            return BenchRun.JSON.nullNode();
        }
        if (stream.isMissingNode() || stream.isNull() || (stream.isBoolean() && !stream.booleanValue())) {
            return BenchRun.JSON.nullNode();
        }
        ObjectNode peak = BenchRun.JSON.createObjectNode();
        peak.put("file", run.relative(newest.get()));
        peak.set("rows", stream.path("rows").isMissingNode() ? peak.nullNode() : stream.path("rows"));
        peak.set("rss_peak_mb", stream.path("rss_peak_mb").isMissingNode() ? peak.nullNode() : stream.path("rss_peak_mb"));
        peak.set("hwm_mb", stream.path("hwm_mb").isMissingNode() ? peak.nullNode() : stream.path("hwm_mb"));
        return peak;
    }

    private static List<String> serviceList(Flags flags) {
        String text = flags.string("--services", Flags.orEnv("BENCH_STARTUP_SERVICES", "collector,stream,generator"));
        List<String> services = new ArrayList<>();
        for (String service : text.split("[, ]+")) {
            if (service.isEmpty()) {
                continue;
            }
            if (!KNOWN.contains(service)) {
                throw new IllegalArgumentException("--services takes collector, stream and generator, got " + service);
            }
            services.add(service);
        }
        if (services.isEmpty()) {
            throw new IllegalArgumentException("--services needs at least one of collector, stream, generator");
        }
        return services;
    }

    private static ServiceModule module(String service) {
        return switch (service) {
            case "collector" -> ServiceModule.COLLECTOR;
            case "stream" -> ServiceModule.STREAM;
            default -> ServiceModule.GENERATOR;
        };
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        StreamResultsHead.print(results, out);
        JsonNode settings = results.path("settings");
        JsonNode services = results.path("services");
        boolean byService = !services.isMissingNode() && !services.isNull();
        String javaOpts = JqFigures.text(settings.path("java_opts"));
        String streamEnv = settings.path("stream_env").isMissingNode() || settings.path("stream_env").isNull()
                ? "" : JqFigures.text(settings.path("stream_env"));
        boolean generator = byService && !services.path("generator").isMissingNode() && !services.path("generator").isNull();
        out.println(JqFigures.text(settings.path("runs")) + " start-ups" + (byService ? " of each service" : "")
                + ", RSS read after " + JqFigures.text(settings.path("idle_s")) + " s idle; JVM options: "
                + (javaOpts.isEmpty() ? "none" : javaOpts) + "; " + (streamEnv.isEmpty() ? "default settings" : streamEnv)
                + (generator ? "; the generator at " + JqFigures.text(settings.path("generator_env")) : ""));
        out.println();
        TextTable table = new TextTable();
        if (byService) {
            table.row("service", "run", "ready ms", "Quarkus s", "CPU s to ready", "RSS ready MB", "RSS idle MB", "HWM MB",
                    "idle cores", "SIGTERM->exit ms");
            for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> service = it.next();
                int i = 0;
                for (JsonNode r : service.getValue().path("runs")) {
                    table.row(service.getKey(), ++i, r.path("ready_ms"), r.path("quarkus_started_s"), r.path("cpu_s_to_ready"),
                            r.path("rss_ready_mb"), r.path("rss_idle_mb"), r.path("hwm_mb"), r.path("idle_cores"),
                            r.path("sigterm_to_exit_ms"));
                }
            }
        } else {
            table.row("run", "ready ms", "Quarkus s", "CPU s to ready", "RSS ready MB", "RSS idle MB", "idle cores", "SIGTERM->exit ms");
            int i = 0;
            for (JsonNode r : results.path("runs")) {
                table.row(++i, r.path("ready_ms"), r.path("quarkus_started_s"), r.path("cpu_s_to_ready"), r.path("rss_ready_mb"),
                        r.path("rss_idle_mb"), r.path("idle_cores"), r.path("sigterm_to_exit_ms"));
            }
        }
        table.print(out);
        JsonNode peak = results.path("peak_under_load");
        if (!peak.isMissingNode() && !peak.isNull()) {
            out.println("peak under load (sink benchmark, " + JqFigures.text(peak.path("rows")) + " rows in one batch): RSS "
                    + JqFigures.text(peak.path("rss_peak_mb")) + " MB, HWM " + JqFigures.text(peak.path("hwm_mb")) + " MB ("
                    + JqFigures.text(peak.path("file")) + ")");
        }
    }
}

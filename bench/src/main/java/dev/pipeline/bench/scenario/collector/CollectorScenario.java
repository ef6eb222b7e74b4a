package dev.pipeline.bench.scenario.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.DataFolders;
import dev.pipeline.bench.scenario.FlagValues;
import dev.pipeline.bench.scenario.HotMethods;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.ReadyTimeout;
import dev.pipeline.bench.scenario.Scenario;
import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.Repository;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.StartupException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the packaged collector sustains: events/s acknowledged, request latency, the collector's CPU and
 * memory and the load client's CPU, at several connection counts, with fsync on and off. Each point is
 * one run of the load client ({@code bench.jar load}) in a JVM of its own while this JVM samples the
 * collector's {@code /proc} entries; {@code --jfr} profiles one more point under Java Flight Recorder.
 */
public final class CollectorScenario implements Scenario {

    /** The script's stop: SIGTERM, SIGKILL after 30 s. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int HOT_METHODS_SHOWN = 15;

    /** The recording this JVM made (printed after the table); null without {@code --jfr}. */
    private Path recording;

    @Override
    public String name() {
        return "collector";
    }

    @Override
    public String summary() {
        return "collector: durable events/s, latency, CPU, memory at 1-128 connections, fsync on and off (~5 min)";
    }

    @Override
    public String options() {
        return """
                Extra JVM options for the collector: env BENCH_COLLECTOR_JAVA_OPTS (e.g. -Xmx512m). Readiness is
                awaited at most BENCH_READY_TIMEOUT s (default 90).

                  --connections LIST  connection counts to run, e.g. 1,8,32,128   (env BENCH_CONNECTIONS, default 1,8,32,128)
                  --duration D        measured time per point: 30s, 500ms, 2m      (env BENCH_DURATION, default 30s)
                  --warmup D          unmeasured time before each point            (env BENCH_WARMUP, default 5s)
                  --batch N           events per request                           (env BENCH_BATCH, default 500)
                  --fsync MODES       on,off | on | off                            (env BENCH_FSYNC, default on,off)
                  --api-key K         start the collector with this key and send it (env COLLECTOR_API_KEY)
                  --jfr               also profile one point with Java Flight Recorder and print the hot methods
                  --jfr-connections N connection count of the profiled point       (env BENCH_JFR_CONNECTIONS, default 32)
                """;
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of("--connections", "--duration", "--warmup", "--batch", "--fsync", "--api-key", "--jfr-connections");
    }

    @Override
    public Set<String> switches() {
        return Set.of("--jfr");
    }

    @Override
    public List<ServiceModule> services(Flags flags) {
        return List.of(ServiceModule.COLLECTOR);
    }

    @Override
    public boolean needsPostgres(Flags flags) {
        return false;
    }

    /** What each point runs with. */
    private record Settings(List<Integer> connections, Duration duration, Duration warmup, int batch, List<Boolean> fsyncModes,
            String apiKey, boolean jfr, int jfrConnections, List<String> javaOptions, Duration readyTimeout) {

        static Settings of(Flags flags) {
            List<Integer> connections = FlagValues.positiveInts("--connections",
                    flags.string("--connections", Flags.orEnv("BENCH_CONNECTIONS", "1,8,32,128")));
            Duration duration = FlagValues.positiveDuration("--duration", flags.string("--duration", Flags.orEnv("BENCH_DURATION", "30s")));
            Duration warmup = FlagValues.duration("--warmup", flags.string("--warmup", Flags.orEnv("BENCH_WARMUP", "5s")));
            int batch = FlagValues.positiveInt("--batch", flags.string("--batch", Flags.orEnv("BENCH_BATCH", "500")));
            List<Boolean> fsync = new ArrayList<>();
            for (String mode : flags.string("--fsync", Flags.orEnv("BENCH_FSYNC", "on,off")).split("[, ]+")) {
                switch (mode) {
                    case "on" -> fsync.add(true);
                    case "off" -> fsync.add(false);
                    case "" -> { }
                    default -> throw new IllegalArgumentException("--fsync takes on, off or on,off, got " + mode);
                }
            }
            if (fsync.isEmpty()) {
                throw new IllegalArgumentException("--fsync takes on, off or on,off");
            }
            int jfrConnections = FlagValues.positiveInt("--jfr-connections",
                    flags.string("--jfr-connections", Flags.orEnv("BENCH_JFR_CONNECTIONS", "32")));
            String options = System.getenv().getOrDefault("BENCH_COLLECTOR_JAVA_OPTS", "").trim();
            return new Settings(connections, duration, warmup, batch, fsync,
                    flags.string("--api-key", Flags.orEnv("COLLECTOR_API_KEY", "")), flags.has("--jfr"), jfrConnections,
                    options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+")), ReadyTimeout.of(90));
        }
    }

    @Override
    public int run(BenchRun run, Flags flags) throws Exception {
        Settings settings = Settings.of(flags);
        recording = null;
        ArrayNode runs = BenchRun.JSON.createArrayNode();
        int port = -1;
        for (boolean fsync : settings.fsyncModes()) {
            PackagedService collector = collector(run, settings, fsync, port, List.of());
            port = collector.port();
            run.say("starting the collector with fsync %s on port %d ...", onOff(fsync), port);
            start(collector, settings);
            for (int connections : settings.connections()) {
                runs.add(point(run, settings, collector, fsync, connections));
            }
            stop(run, collector, fsync);
        }

        ObjectNode jfr = null;
        if (settings.jfr()) {
            boolean fsync = settings.fsyncModes().get(0);
            Path file = run.resultsFile().resolveSibling("collector-" + run.stamp() + "-c" + settings.jfrConnections() + ".jfr");
            // Long enough to cover start-up and the whole point; the recording is written when the collector stops.
            long recordSeconds = settings.readyTimeout().toSeconds() + (settings.warmup().toMillis() + settings.duration().toMillis()) / 1000 + 30;
            run.say("profiling fsync %s at %d connections with JFR ...", onOff(fsync), settings.jfrConnections());
            PackagedService collector = collector(run, settings, fsync, port, List.of("-XX:StartFlightRecording=settings=profile,duration="
                    + recordSeconds + "s,filename=" + file + ",dumponexit=true"));
            start(collector, settings);
            ObjectNode profiled = point(run, settings, collector, fsync, settings.jfrConnections());
            stop(run, collector, fsync);
            if (!Files.isRegularFile(file)) {
                throw new StartupException("no flight recording was written to " + file);
            }
            recording = file;
            jfr = BenchRun.JSON.createObjectNode();
            jfr.put("recording", run.relative(file));
            jfr.set("run", profiled);
        }

        ObjectNode results = run.results();
        ObjectNode written = results.putObject("settings");
        written.put("batch", settings.batch());
        written.set("duration_s", JqFigures.number(settings.duration().toMillis() / 1000.0));
        written.set("warmup_s", JqFigures.number(settings.warmup().toMillis() / 1000.0));
        written.put("port", port);
        written.put("java_opts", String.join(" ", settings.javaOptions()));
        results.set("runs", runs);
        if (jfr != null) {
            results.set("jfr", jfr);
        }
        return 0;
    }

    /** The collector with fsync on or off on a fresh data folder, on the port of the run's first one (any free port for that). */
    private static PackagedService collector(BenchRun run, Settings settings, boolean fsync, int port, List<String> extraJvmOptions)
            throws IOException {
        Path data = DataFolders.fresh(run.work().resolve("data-fsync-" + onOff(fsync)));
        List<String> jvm = new ArrayList<>(settings.javaOptions());
        jvm.addAll(extraJvmOptions);
        PackagedService collector = run.service(ServiceModule.COLLECTOR, "collector-fsync-" + onOff(fsync))
                .withJvmOptions(jvm)
                .withoutInheritedEnv("COLLECTOR_API_KEY")
                .withEnv("PIPELINE_DATA_DIR", data.toString())
                .withEnv("COLLECTOR_FSYNC", Boolean.toString(fsync));
        if (!settings.apiKey().isEmpty()) {
            collector.withEnv("COLLECTOR_API_KEY", settings.apiKey());
        }
        if (port > 0) {
            collector.withPort(port);
        }
        return collector;
    }

    private static void start(PackagedService collector, Settings settings) throws InterruptedException {
        collector.launch();
        collector.awaitReady(settings.readyTimeout());
    }

    /** SIGTERM (SIGKILL after 30 s) and its data removed. */
    private static void stop(BenchRun run, PackagedService collector, boolean fsync) throws Exception {
        collector.stop(STOP_GRACE);
        DataFolders.delete(run.work().resolve("data-fsync-" + onOff(fsync)));
    }

    /** The load client at {@code connections} against the running collector, sampled meanwhile: one entry of {@code runs}. */
    private static ObjectNode point(BenchRun run, Settings settings, PackagedService collector, boolean fsync, int connections)
            throws Exception {
        String name = "run-" + onOff(fsync) + "-" + connections;
        Path out = run.work().resolve(name + ".json");
        run.say("fsync=%s connections=%d: %s warm-up, %s measured ...", onOff(fsync), connections, FlagValues.text(settings.warmup()),
                FlagValues.text(settings.duration()));
        List<String> arguments = new ArrayList<>(List.of("load", "--url", collector.url().toString(),
                "--connections", Integer.toString(connections), "--batch", Integer.toString(settings.batch()),
                "--duration", settings.duration().toMillis() + "ms", "--warmup", settings.warmup().toMillis() + "ms",
                "--out", out.toString()));
        if (!settings.apiKey().isEmpty()) {
            arguments.addAll(List.of("--api-key", settings.apiKey()));
        }
        long windowMs = settings.warmup().toMillis() + settings.duration().toMillis();
        ChildProcess client = run.benchTool(name, BenchRun.CLIENT_JVM, arguments);
        List<CollectorSampler.Sample> samples;
        try (CollectorSampler sampler = CollectorSampler.start(collector, client, (int) (windowMs / 500 + 240))) {
            if (!client.waitFor(Duration.ofMillis(windowMs + 120_000))) {
                client.kill9();
            }
            samples = sampler.samples();
        }
        System.err.print(Files.readString(client.log(), StandardCharsets.UTF_8));
        if (!collector.isAlive()) {
            throw new StartupException("the collector died during the run. The end of " + collector.log() + ":\n" + collector.tail());
        }
        if (!Files.isRegularFile(out)) {
            throw new StartupException("the load client failed (exit " + client.exitValue() + ") and wrote no result");
        }
        if (client.exitValue() != 0) {
            run.say("no event was acknowledged at %d connections; see the statuses", connections);
        }
        JsonNode result = JqFigures.normalized(BenchRun.JSON.readTree(out.toFile()));
        ObjectNode entry = BenchRun.JSON.createObjectNode();
        entry.put("fsync", fsync);
        entry.put("connections", connections);
        entry.set("collector", CollectorSampler.figures(samples, result.path("window_start_epoch_ms").asLong(0),
                result.path("window_end_epoch_ms").asLong(0)));
        entry.set("client", result);
        return entry;
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        CollectorTable.print(results, out);
        Path profile = profileOf(results);
        if (profile != null) {
            try {
                HotMethods.print(profile, HOT_METHODS_SHOWN, "at " + results.path("jfr").path("run").path("connections").asText()
                        + " connections", out);
            } catch (IOException e) {
                out.println("hot methods: cannot read " + profile + ": " + e.getMessage());
            }
        }
    }

    /** The flight recording of the results: the one this run made, else the file it names if it is still there. */
    private Path profileOf(JsonNode results) {
        if (recording != null) {
            return recording;
        }
        JsonNode named = results.path("jfr").path("recording");
        if (!named.isTextual()) {
            return null;
        }
        try {
            Path file = Repository.root().resolve(named.asText());
            return Files.isRegularFile(file) ? file : null;
        } catch (StartupException e) {
            return null; // not inside a checkout: the recording cannot be found
        }
    }

    private static String onOff(boolean fsync) {
        return fsync ? "on" : "off";
    }

}

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
import dev.pipeline.bench.scenario.ServiceEnvironment;
import dev.pipeline.bench.scenario.StreamResultsHead;
import dev.pipeline.bench.scenario.TextTable;
import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.Repository;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.StartupException;
import dev.pipeline.harness.proc.MachineCpu;
import dev.pipeline.harness.proc.PeriodicSampler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tracker paths against the native one, in one run on one packaged collector (fsync on): durable
 * pipeline events per second through {@code POST /events}, through Segment's {@code /v1/batch} as
 * analytics-node sends it and through Snowplow's {@code tp2} as the node tracker sends it. Events are
 * counted as the rows the collector wrote to {@code raw/} with a {@code received_at} inside the
 * measured window (a tracker's answer says only "success"); messages per second as the load client
 * counts them. {@code --jfr} profiles each path on a collector of its own and prints where the time goes.
 */
public final class TrackersScenario implements Scenario {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    private static final int HOT_METHODS_SHOWN = 15;
    private static final double GOAL_RATIO = 0.5;
    private static final double GOAL_EVENTS_PER_SEC = 100_000;

    /** The recordings this JVM made, by protocol (printed after the table); empty without {@code --jfr}. */
    private final Map<String, Path> recordings = new LinkedHashMap<>();

    @Override
    public String name() {
        return "trackers";
    }

    @Override
    public String summary() {
        return "collector: durable events/s through POST /events vs Segment /v1/batch vs Snowplow tp2, one collector (~3 min)";
    }

    @Override
    public String options() {
        return """
                Extra JVM options for the collector: env BENCH_COLLECTOR_JAVA_OPTS. Readiness is awaited at most
                BENCH_READY_TIMEOUT s (default 90).

                  --protocols LIST    paths, in order: events,segment,snowplow      (env BENCH_TRACKER_PROTOCOLS, default all three)
                  --connections LIST  connection counts, e.g. 8,32                   (env BENCH_TRACKER_CONNECTIONS, default 32)
                  --duration D        measured time per point: 30s, 500ms, 2m        (env BENCH_DURATION, default 30s)
                  --warmup D          unmeasured time before each point              (env BENCH_WARMUP, default 5s)
                  --batch N           events per POST /events request                (env BENCH_BATCH, default 500)
                  --messages N        tracker messages per request (Segment calls, Snowplow events)
                                                                                      (env BENCH_TRACKER_MESSAGES, default 100)
                  --fsync MODE        on | off                                        (env BENCH_FSYNC, default on)
                  --api-key K         start the collector with this key; sent as X-API-Key and as Segment's write key
                  --jfr               also profile each path at the first connection count and print the hot methods
                """;
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of("--protocols", "--connections", "--duration", "--warmup", "--batch", "--messages", "--fsync", "--api-key");
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
    record Settings(List<String> protocols, List<Integer> connections, Duration duration, Duration warmup, int batch, int messages,
            boolean fsync, String apiKey, boolean jfr, List<String> javaOptions, Duration readyTimeout) {

        static Settings of(Flags flags) {
            List<String> protocols = new ArrayList<>();
            for (String protocol : flags.string("--protocols", Flags.orEnv("BENCH_TRACKER_PROTOCOLS", "events,segment,snowplow"))
                    .split("[, ]+")) {
                if (!List.of("events", "segment", "snowplow").contains(protocol)) {
                    throw new IllegalArgumentException("--protocols takes events, segment, snowplow, got " + protocol);
                }
                protocols.add(protocol);
            }
            String fsync = flags.string("--fsync", Flags.orEnv("BENCH_FSYNC", "on"));
            if (!fsync.equals("on") && !fsync.equals("off")) {
                throw new IllegalArgumentException("--fsync takes on or off, got " + fsync);
            }
            String options = System.getenv().getOrDefault("BENCH_COLLECTOR_JAVA_OPTS", "").trim();
            return new Settings(protocols,
                    FlagValues.positiveInts("--connections", flags.string("--connections", Flags.orEnv("BENCH_TRACKER_CONNECTIONS", "32"))),
                    FlagValues.positiveDuration("--duration", flags.string("--duration", Flags.orEnv("BENCH_DURATION", "30s"))),
                    FlagValues.duration("--warmup", flags.string("--warmup", Flags.orEnv("BENCH_WARMUP", "5s"))),
                    FlagValues.positiveInt("--batch", flags.string("--batch", Flags.orEnv("BENCH_BATCH", "500"))),
                    FlagValues.positiveInt("--messages", flags.string("--messages", Flags.orEnv("BENCH_TRACKER_MESSAGES", "100"))),
                    fsync.equals("on"), flags.string("--api-key", Flags.orEnv("COLLECTOR_API_KEY", "")), flags.has("--jfr"),
                    options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+")), ReadyTimeout.of(90));
        }

        /** Messages per request of a path: events for the native one. */
        int perRequest(String protocol) {
            return protocol.equals("events") ? batch : messages;
        }
    }

    @Override
    public int run(BenchRun run, Flags flags) throws Exception {
        Settings settings = Settings.of(flags);
        recordings.clear();
        run.recordLoadAverage();
        Path data = run.work().resolve("data");
        PackagedService collector = collector(run, settings, data, "collector", List.of());
        run.say("starting the collector (fsync %s) ...", onOff(settings.fsync()));
        collector.launch();
        collector.awaitReady(settings.readyTimeout());
        RawRows raw = new RawRows(data.resolve("raw"));
        ArrayNode runs = BenchRun.JSON.createArrayNode();
        for (int connections : settings.connections()) {
            for (String protocol : settings.protocols()) {
                runs.add(point(run, settings, collector, raw, protocol, connections));
            }
        }
        ObjectNode reconciliation = reconcile(run, collector, raw);
        DataFolders.delete(data);

        ObjectNode jfr = null;
        if (settings.jfr()) {
            jfr = BenchRun.JSON.createObjectNode();
            int connections = settings.connections().get(0);
            for (String protocol : settings.protocols()) {
                Path file = run.resultsFile().resolveSibling("trackers-" + run.stamp() + "-" + protocol + ".jfr");
                long recordSeconds = settings.readyTimeout().toSeconds()
                        + (settings.warmup().toMillis() + settings.duration().toMillis()) / 1000 + 60;
                run.say("profiling %s at %d connections with JFR ...", protocol, connections);
                Path profiledData = run.work().resolve("data-jfr-" + protocol);
                PackagedService profiled = collector(run, settings, profiledData, "collector-jfr-" + protocol,
                        List.of("-XX:StartFlightRecording=settings=profile,duration=" + recordSeconds + "s,filename=" + file + ",dumponexit=true"));
                profiled.launch();
                profiled.awaitReady(settings.readyTimeout());
                ObjectNode point = point(run, settings, profiled, new RawRows(profiledData.resolve("raw")), protocol, connections);
                profiled.stop(STOP_GRACE);
                DataFolders.delete(profiledData);
                if (!Files.isRegularFile(file)) {
                    throw new StartupException("no flight recording was written to " + file);
                }
                recordings.put(protocol, file);
                ObjectNode entry = jfr.putObject(protocol);
                entry.put("recording", run.relative(file));
                entry.set("run", point);
            }
        }

        ObjectNode results = run.results();
        ObjectNode written = results.putObject("settings");
        written.put("protocols", String.join(",", settings.protocols()));
        written.put("batch", settings.batch());
        written.put("messages", settings.messages());
        written.put("fsync", settings.fsync());
        written.set("duration_s", JqFigures.number(settings.duration().toMillis() / 1000.0));
        written.set("warmup_s", JqFigures.number(settings.warmup().toMillis() / 1000.0));
        written.put("java_opts", String.join(" ", settings.javaOptions()));
        written.put("collector_env", ServiceEnvironment.recorded("COLLECTOR_"));
        ratios(runs);
        results.set("runs", runs);
        results.set("reconciliation", reconciliation);
        if (jfr != null) {
            results.set("jfr", jfr);
        }
        return reconciliation.path("adds_up").asBoolean() ? 0 : 1;
    }

    private static PackagedService collector(BenchRun run, Settings settings, Path data, String name, List<String> extraJvmOptions)
            throws IOException {
        DataFolders.fresh(data);
        List<String> jvm = new ArrayList<>(settings.javaOptions());
        jvm.addAll(extraJvmOptions);
        PackagedService collector = run.service(ServiceModule.COLLECTOR, name)
                .withJvmOptions(jvm)
                .withoutInheritedEnv("COLLECTOR_API_KEY")
                .withEnv("PIPELINE_DATA_DIR", data.toString())
                .withEnv("COLLECTOR_FSYNC", Boolean.toString(settings.fsync()));
        if (!settings.apiKey().isEmpty()) {
            collector.withEnv("COLLECTOR_API_KEY", settings.apiKey());
        }
        return collector;
    }

    /**
     * The load client speaking {@code protocol} at {@code connections} against the running collector,
     * the collector and the machine sampled meanwhile; then the rows of the window read from {@code raw/}.
     */
    private static ObjectNode point(BenchRun run, Settings settings, PackagedService collector, RawRows raw, String protocol,
            int connections) throws Exception {
        double quietWaited = run.waitQuiet();
        String name = "run-" + protocol + "-" + connections;
        Path out = run.work().resolve(name + ".json");
        run.say("%s, %d connections, %d messages a request: %s warm-up, %s measured ...", protocol, connections,
                settings.perRequest(protocol), FlagValues.text(settings.warmup()), FlagValues.text(settings.duration()));
        List<String> arguments = new ArrayList<>(List.of("load", "--url", collector.url().toString(), "--protocol", protocol,
                "--connections", Integer.toString(connections), "--batch", Integer.toString(settings.perRequest(protocol)),
                "--duration", settings.duration().toMillis() + "ms", "--warmup", settings.warmup().toMillis() + "ms",
                "--out", out.toString()));
        if (!settings.apiKey().isEmpty()) {
            arguments.addAll(List.of("--api-key", settings.apiKey()));
        }
        long windowMs = settings.warmup().toMillis() + settings.duration().toMillis();
        ChildProcess client = run.benchTool(name, BenchRun.CLIENT_JVM, arguments);
        List<CollectorSampler.Sample> samples;
        List<long[]> machine;
        try (CollectorSampler sampler = CollectorSampler.start(collector, client, (int) (windowMs / 500 + 240));
                PeriodicSampler<long[]> machineSampler = machineSampler(client)) {
            if (!client.waitFor(Duration.ofMillis(windowMs + 120_000))) {
                client.kill9();
            }
            samples = sampler.samples();
            machine = machineSampler.samples();
        }
        System.err.print(Files.readString(client.log(), StandardCharsets.UTF_8));
        if (!collector.isAlive()) {
            throw new StartupException("the collector died during the run. The end of " + collector.log() + ":\n" + collector.tail());
        }
        if (!Files.isRegularFile(out)) {
            throw new StartupException("the load client failed (exit " + client.exitValue() + ") and wrote no result");
        }
        JsonNode result = JqFigures.normalized(BenchRun.JSON.readTree(out.toFile()));
        long from = result.path("window_start_epoch_ms").asLong(0);
        long to = result.path("window_end_epoch_ms").asLong(0);
        long rows = rowsOfWindow(collector, raw, from, to);
        double seconds = settings.duration().toMillis() / 1000.0;

        ObjectNode entry = BenchRun.JSON.createObjectNode();
        entry.put("protocol", protocol);
        entry.put("connections", connections);
        entry.put("messages_per_request", settings.perRequest(protocol));
        entry.put("rows", rows);
        entry.set("events_per_sec", JqFigures.number(JqFigures.round(rows / seconds, 1)));
        entry.set("messages_per_sec", result.path("messages_per_sec"));
        entry.set("requests_per_sec", result.path("requests_per_sec"));
        entry.set("machine_cores_busy", machineCores(machine, from, to));
        entry.set("quiet_waited_s", JqFigures.number(JqFigures.round(quietWaited, 1)));
        entry.set("collector", CollectorSampler.figures(samples, from, to));
        entry.set("client", result);
        run.say("%s: %d rows in raw/ in the window, %.0f events/s", protocol, rows, rows / seconds);
        return entry;
    }

    /**
     * The rows received in the window, once every event the collector has acknowledged is published:
     * until the rows read equal its {@code collector_events_accepted_total} (files are published on the
     * roll interval).
     */
    private static long rowsOfWindow(PackagedService collector, RawRows raw, long from, long to) throws Exception {
        long inWindow = 0;
        long deadline = System.nanoTime() + PUBLISH_TIMEOUT.toNanos();
        while (true) {
            double accepted = collector.metrics().getOrDefault("collector_events_accepted_total", Double.NaN);
            inWindow += raw.readNew(from, to);
            if (raw.rows() >= accepted || System.nanoTime() > deadline) {
                return inWindow;
            }
            Thread.sleep(200);
        }
    }

    /** After the last point: the collector stopped (it publishes what is open), every row counted against what it accepted. */
    private static ObjectNode reconcile(BenchRun run, PackagedService collector, RawRows raw) throws Exception {
        Map<String, Double> metrics = collector.metrics();
        double accepted = metrics.getOrDefault("collector_events_accepted_total", Double.NaN);
        double rejected = metrics.getOrDefault("collector_events_rejected_total", 0.0);
        collector.stop(STOP_GRACE);
        raw.readNew(0, 0);
        ObjectNode json = BenchRun.JSON.createObjectNode();
        json.put("raw_rows", raw.rows());
        json.set("collector_accepted", JqFigures.number(accepted));
        json.set("collector_rejected", JqFigures.number(rejected));
        boolean addsUp = raw.rows() == (long) accepted && rejected == 0;
        json.put("adds_up", addsUp);
        if (!addsUp) {
            run.say("raw/ holds %d rows, the collector accepted %.0f and rejected %.0f: the bodies should all be valid",
                    raw.rows(), accepted, rejected);
        }
        return json;
    }

    /** Each run's events/s over the native path's at the same connection count ({@code ratio_to_events}). */
    static void ratios(ArrayNode runs) {
        for (JsonNode run : runs) {
            for (JsonNode events : runs) {
                if (events.path("protocol").asText().equals("events") && events.path("connections").equals(run.path("connections"))) {
                    ((ObjectNode) run).set("ratio_to_events", JqFigures.ratio(run.path("events_per_sec"), events.path("events_per_sec")));
                }
            }
        }
    }

    private static JsonNode machineCores(List<long[]> samples, long from, long to) {
        long[] first = null;
        long[] last = null;
        for (long[] sample : samples) {
            if (sample[0] >= from && sample[0] <= to) {
                first = first == null ? sample : first;
                last = sample;
            }
        }
        if (first == null || last == first) {
            return BenchRun.JSON.nullNode();
        }
        return JqFigures.number(JqFigures.round(new MachineCpu(last[1], last[2]).coresBusySince(new MachineCpu(first[1], first[2])), 2));
    }

    /** {@code /proc/stat} every 0.5 s while the client runs: {epoch ms, busy jiffies, total jiffies}. */
    private static PeriodicSampler<long[]> machineSampler(ChildProcess client) {
        return PeriodicSampler.start("machine-sampler", System.currentTimeMillis(), Duration.ofMillis(500), client::isAlive, () -> {
            MachineCpu now = MachineCpu.now();
            return new long[] {System.currentTimeMillis(), now.busy(), now.total()};
        });
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        JsonNode settings = results.path("settings");
        out.printf("%s; %s events per POST /events, %s messages per tracker request, fsync %s, %ss measured after %ss warm-up%n",
                StreamResultsHead.machine("trackers", results), settings.path("batch").asText(), settings.path("messages").asText(),
                settings.path("fsync").asBoolean() ? "on" : "off", settings.path("duration_s").asText(), settings.path("warmup_s").asText());
        TextTable table = new TextTable();
        table.row("path", "conns", "events/s", "x native", "messages/s", "requests/s", "body KB", "p50 ms", "p99 ms", "503", "err",
                "collector cores", "ms/100k", "client cpu s", "machine cores", "quiet s");
        for (JsonNode run : results.path("runs")) {
            table.row(row(run, ""));
        }
        results.path("jfr").fields().forEachRemaining(e -> table.row(row(e.getValue().path("run"), "+jfr")));
        table.print(out);
        out.println("""
                events/s: rows the collector wrote to raw/ with a received_at in the measured window, per second (pipeline
                events: an order makes one per product); messages/s: Segment calls or Snowplow events (for POST /events,
                events) in requests answered with success in the window; x native: events/s over POST /events' at the same
                connections; ms/100k: collector CPU ms per 100k events; machine cores: the whole machine busy (2.00 = both
                cores, the load client included).""");
        JsonNode reconciliation = results.path("reconciliation");
        out.printf("raw/ after the run: %s rows, the collector accepted %s and rejected %s%s%n", reconciliation.path("raw_rows").asText(),
                reconciliation.path("collector_accepted").asText(), reconciliation.path("collector_rejected").asText(),
                reconciliation.path("adds_up").asBoolean() ? "" : " (DOES NOT ADD UP)");
        for (JsonNode run : results.path("runs")) {
            if (!run.path("protocol").asText().equals("events")) {
                JsonNode ratio = run.path("ratio_to_events");
                double events = run.path("events_per_sec").asDouble();
                boolean met = ratio.isNumber() && ratio.asDouble() >= GOAL_RATIO && events >= GOAL_EVENTS_PER_SEC;
                out.printf(Locale.ROOT, "goal (>= %.1fx native and >= %,.0f events/s): %s at %s connections: %s, %,.0f events/s: %s%n",
                        GOAL_RATIO, GOAL_EVENTS_PER_SEC, run.path("protocol").asText(), run.path("connections").asText(),
                        ratio.isNumber() ? String.format(Locale.ROOT, "%.2fx", ratio.asDouble()) : "no native point", events,
                        met ? "met" : "NOT met");
            }
        }
        results.path("jfr").fields().forEachRemaining(e -> {
            Path profile = profileOf(e.getKey(), e.getValue());
            if (profile != null) {
                try {
                    HotMethods.print(profile, HOT_METHODS_SHOWN, e.getKey() + " at " + e.getValue().path("run").path("connections").asText()
                            + " connections", out);
                } catch (IOException failure) {
                    out.println("hot methods: cannot read " + profile + ": " + failure.getMessage());
                }
            }
        });
    }

    private static Object[] row(JsonNode run, String suffix) {
        JsonNode client = run.path("client");
        JsonNode collector = run.path("collector");
        double eventsPerSec = run.path("events_per_sec").asDouble();
        JsonNode cores = collector.path("cpu_cores");
        return new Object[] {
            run.path("protocol").asText() + suffix,
            run.path("connections").asText(),
            format("%,.0f", run.path("events_per_sec")),
            format("%.2f", run.path("ratio_to_events")),
            format("%,.0f", run.path("messages_per_sec")),
            format("%,.0f", run.path("requests_per_sec")),
            client.path("body_bytes").isNumber() ? String.format(Locale.ROOT, "%.1f", client.path("body_bytes").asDouble() / 1024) : "-",
            format("%.1f", client.path("latency_ms").path("p50")),
            format("%.1f", client.path("latency_ms").path("p99")),
            client.path("backpressure_503").asText("0"),
            client.path("errors").asText("0"),
            format("%.2f", cores),
            cores.isNumber() && eventsPerSec > 0 ? String.format(Locale.ROOT, "%.0f", cores.asDouble() * 1000 * 100_000 / eventsPerSec) : "-",
            format("%.2f", client.path("client_cpu_s")),
            format("%.2f", run.path("machine_cores_busy")),
            format("%.0f", run.path("quiet_waited_s"))
        };
    }

    private static String format(String pattern, JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, pattern, value.asDouble()) : "-";
    }

    /** The recording of a profiled path: the one this run made, else the file the results name if it is still there. */
    private Path profileOf(String protocol, JsonNode jfr) {
        if (recordings.containsKey(protocol)) {
            return recordings.get(protocol);
        }
        JsonNode named = jfr.path("recording");
        if (!named.isTextual()) {
            return null;
        }
        try {
            Path file = Repository.root().resolve(named.asText());
            return Files.isRegularFile(file) ? file : null;
        } catch (StartupException e) {
            return null;
        }
    }

    private static String onOff(boolean fsync) {
        return fsync ? "on" : "off";
    }
}

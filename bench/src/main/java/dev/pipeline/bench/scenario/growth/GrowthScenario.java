package dev.pipeline.bench.scenario.growth;

import static dev.pipeline.bench.scenario.JqFigures.number;
import static dev.pipeline.bench.scenario.JqFigures.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BatchLog;
import dev.pipeline.bench.scenario.BenchPostgres;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.Scenario;
import dev.pipeline.bench.scenario.ServiceEnvironment;
import dev.pipeline.bench.scenario.StreamResultsHead;
import dev.pipeline.bench.scenario.TextTable;
import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.proc.Jcmd;
import dev.pipeline.harness.proc.ProcStat;
import dev.pipeline.harness.proc.RssSampler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Does a micro-batch get slower as the stream's history grows (formerly bench/growth-bench.sh)? Probe
 * batches (one file of 1,000 rows a second) on a fresh stream service, then 100,000 small files
 * through it, then the same probes again; compares the batch times and shows where they go (Spark's
 * durationMs), the checkpoint's size and the driver's heap.
 */
public final class GrowthScenario implements Scenario {

    private static final String DATABASE = "bench_growth";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(120);

    @Override
    public String name() {
        return "growth";
    }

    @Override
    public String summary() {
        return "batch time before and after the stream has read 100,000 files; checkpoint and heap (~4-5 min)";
    }

    @Override
    public String options() {
        return """
                  --files N           small files pushed through between the probe phases
                                      (env BENCH_GROWTH_FILES, default 100000)
                  --rows-per-file N   rows in each (env BENCH_GROWTH_ROWS_PER_FILE, default 5)
                  --probes N          probe files per measured phase, one a second (env BENCH_GROWTH_PROBES, default 30)
                  --warmup-probes N   probe files before, to warm the JVM up, not counted
                                      (env BENCH_GROWTH_WARMUP_PROBES, default 20)
                  --probe-rows N      rows in a probe file (env BENCH_GROWTH_PROBE_ROWS, default 1000)
                  --timeout S         how long the bulk may take (env BENCH_GROWTH_TIMEOUT, default 3600)
                  --compact-interval N  every how many batches the file source compacts its log (Spark's
                                      fileSource.log.compactInterval), to show those batches apart
                                      (env BENCH_GROWTH_COMPACT_INTERVAL, default 10)
                """;
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of("--files", "--rows-per-file", "--probes", "--warmup-probes", "--probe-rows", "--timeout",
                "--compact-interval");
    }

    @Override
    public List<ServiceModule> services(Flags flags) {
        return List.of(ServiceModule.STREAM);
    }

    /** The settings of one run. */
    private record Settings(int files, int rowsPerFile, int probes, int warmupProbes, int probeRows, Duration bulkTimeout,
            int compactInterval) {

        static Settings of(Flags flags) {
            return new Settings(count(flags, "--files", "BENCH_GROWTH_FILES", "100000", 1),
                    count(flags, "--rows-per-file", "BENCH_GROWTH_ROWS_PER_FILE", "5", 1),
                    count(flags, "--probes", "BENCH_GROWTH_PROBES", "30", 1),
                    count(flags, "--warmup-probes", "BENCH_GROWTH_WARMUP_PROBES", "20", 0),
                    count(flags, "--probe-rows", "BENCH_GROWTH_PROBE_ROWS", "1000", 1),
                    Duration.ofSeconds(count(flags, "--timeout", "BENCH_GROWTH_TIMEOUT", "3600", 1)),
                    count(flags, "--compact-interval", "BENCH_GROWTH_COMPACT_INTERVAL", "10", 1));
        }

        private static int count(Flags flags, String flag, String variable, String fallback, int min) {
            String text = flags.string(flag, Flags.orEnv(variable, fallback));
            if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < min) {
                throw new IllegalArgumentException(flag + " (env " + variable + ") takes a whole number >= " + min + ", got " + text);
            }
            return Integer.parseInt(text);
        }
    }

    @Override
    public int run(BenchRun run, Flags flags) throws Exception {
        Settings settings = Settings.of(flags);
        ObjectNode results = run.results();
        ObjectNode settingsJson = results.putObject("settings");
        settingsJson.put("files", settings.files());
        settingsJson.put("rows_per_file", settings.rowsPerFile());
        settingsJson.put("probes", settings.probes());
        settingsJson.put("warmup_probes", settings.warmupProbes());
        settingsJson.put("probe_rows", settings.probeRows());
        settingsJson.put("stream_env", ServiceEnvironment.recorded("STREAM_"));
        settingsJson.put("java_opts", System.getenv().getOrDefault("BENCH_JAVA_OPTS", ""));

        BenchPostgres postgres = run.postgres();
        postgres.freshDatabase(DATABASE, run.home().resolve("sql/postgres_setup.sql"));
        Path data = run.work().resolve("data");
        Files.createDirectories(data.resolve("raw"));
        run.say("writing %d files of %d rows and the probe files ...", settings.files(), settings.rowsPerFile());
        if (settings.warmupProbes() > 0) {
            csv(run, data.resolve("stage-warmup"), settings.warmupProbes(), settings.probeRows(), "1m", "probe0", 1);
        }
        csv(run, data.resolve("stage-before"), settings.probes(), settings.probeRows(), "1m", "probe1", 2);
        long written = System.currentTimeMillis();
        csv(run, data.resolve("stage-bulk"), settings.files(), settings.rowsPerFile(), "1h", "bulk", 3);
        run.say("  %d files written in %d ms", settings.files(), System.currentTimeMillis() - written);

        run.waitQuiet();
        PackagedService stream = run.service(ServiceModule.STREAM, "stream").withEnv("PIPELINE_DATA_DIR", data.toString());
        if (System.getenv("STREAM_MAX_FILES_PER_TRIGGER") == null) {
            // 1,000 files a batch, as in every growth run before the default became 200: the figures stay comparable.
            stream.withEnv("STREAM_MAX_FILES_PER_TRIGGER", "1000");
        }
        postgres.datasourceOf(stream, DATABASE);
        BatchLog.enableOn(stream);
        long launched = System.currentTimeMillis();
        stream.start();
        run.say("stream-service ready in %d ms", System.currentTimeMillis() - launched);
        RssSampler rss = run.closeAtEnd(RssSampler.start(stream.pid()));
        Probes probes = new Probes(run, stream, data.resolve("raw"), settings.probeRows());

        if (settings.warmupProbes() > 0) {
            probes.phase("warmup", data.resolve("stage-warmup"));
        }
        long[] before = probes.phase("before", data.resolve("stage-before"));
        JsonNode heapBefore = heapAfterGc(stream);
        ObjectNode checkpointBefore = CheckpointSize.of(data.resolve("checkpoints"));

        run.say("phase bulk: publishing %d files at once ...", settings.files());
        long bulkFirst = BatchLog.lastBatchId(stream) + 1;
        long t0 = System.currentTimeMillis();
        tool(run, "publish-bulk", "publish", "--from", data.resolve("stage-bulk").toString(), "--to",
                data.resolve("raw").toString(), "--touch");
        probes.expect((long) settings.files() * settings.rowsPerFile());
        probes.await(settings.bulkTimeout(), true);
        long t1 = System.currentTimeMillis();
        Thread.sleep(2000);
        long bulkLast = BatchLog.lastBatchId(stream);
        run.say("  bulk done in %d s, batches %d..%d", (t1 - t0) / 1000, bulkFirst, bulkLast);
        JsonNode heapAfterBulk = heapAfterGc(stream);
        // What the heap holds after the bulk: the 25 biggest classes of a live-object histogram.
        String histogram = Jcmd.classHistogram(stream.pid()).map(GrowthScenario::firstLines).orElse("");
        ObjectNode checkpointAfterBulk = CheckpointSize.of(data.resolve("checkpoints"));

        csv(run, data.resolve("stage-after"), settings.probes(), settings.probeRows(), "1m", "probe2", 4);
        long[] after = probes.phase("after", data.resolve("stage-after"));
        JsonNode heapEnd = heapAfterGc(stream);
        ObjectNode checkpointEnd = CheckpointSize.of(data.resolve("checkpoints"));
        ProcStat.Rss rssEnd = ProcStat.rss(stream.pid());
        rss.close();
        stream.stop();

        Path log = stream.log();
        ObjectNode beforeJson = PhaseBatches.of(BatchLog.read(log, before[0], before[1]), settings.compactInterval());
        ObjectNode bulkJson = PhaseBatches.of(BatchLog.read(log, bulkFirst, bulkLast), settings.compactInterval());
        bulkJson.set("seconds", number((t1 - t0) / 1000.0));
        ObjectNode afterJson = PhaseBatches.of(BatchLog.read(log, after[0], after[1]), settings.compactInterval());
        results.set("before", beforeJson);
        results.set("bulk", bulkJson);
        results.set("after", afterJson);
        ObjectNode checkpoint = results.putObject("checkpoint");
        checkpoint.set("before", checkpointBefore);
        checkpoint.set("after_bulk", checkpointAfterBulk);
        checkpoint.set("end", checkpointEnd);
        ObjectNode heap = results.putObject("heap_after_gc_mb");
        heap.set("before", heapBefore);
        heap.set("after_bulk", heapAfterBulk);
        heap.set("end", heapEnd);
        results.put("heap_histogram_after_bulk", histogram);
        ObjectNode rssJson = results.putObject("rss_mb");
        rssJson.put("end", Math.round(rssEnd.mb()));
        rssJson.put("peak", Math.round(rss.peakMb()));
        rssJson.put("hwm", Math.round(rssEnd.peakMb()));
        ObjectNode ratio = results.putObject("ratio");
        JsonNode beforeAll = beforeJson.path("all");
        JsonNode afterAll = afterJson.path("all");
        ratio.set("trigger_p50", ratio(afterAll.path("trigger_ms_p50"), beforeAll.path("trigger_ms_p50")));
        ratio.set("trigger_mean", ratio(afterAll.path("trigger_ms_mean"), beforeAll.path("trigger_ms_mean")));
        ratio.set("add_batch_p50", ratio(afterAll.path("add_batch_ms_p50"), beforeAll.path("add_batch_ms_p50")));
        return 0;
    }

    /** The probe phases and the row count they wait for, on one stream service. */
    private static final class Probes {

        private final BenchRun run;
        private final PackagedService stream;
        private final Path raw;
        private final int probeRows;
        private long expected;

        Probes(BenchRun run, PackagedService stream, Path raw, int probeRows) {
            this.run = run;
            this.stream = stream;
            this.raw = raw;
            this.probeRows = probeRows;
        }

        /**
         * Publishes a stage's probe files one a second and waits for their rows; returns the ids of the
         * first and the last batch that ran meanwhile.
         */
        long[] phase(String name, Path stage) throws IOException, InterruptedException, SQLException {
            long files;
            try (Stream<Path> csv = Files.list(stage)) {
                files = csv.filter(p -> p.getFileName().toString().endsWith(".csv")).count();
            }
            long first = BatchLog.lastBatchId(stream) + 1;
            run.say("phase %s: %d probe files of %d rows, one a second ...", name, files, probeRows);
            tool(run, "publish-" + name, "publish", "--from", stage.toString(), "--to", raw.toString(), "--every", "1s", "--touch");
            expect(files * probeRows);
            await(PROBE_TIMEOUT, false);
            Thread.sleep(2000);
            return new long[] {first, BatchLog.lastBatchId(stream)};
        }

        void expect(long rows) {
            expected += rows;
        }

        /** Until the stream has committed every row published so far; with progress, a line every 30 s. */
        void await(Duration timeout, boolean progress) throws InterruptedException, SQLException {
            long start = System.nanoTime();
            long nextProgress = start + Duration.ofSeconds(30).toNanos();
            while (true) {
                long got = run.postgres().number(DATABASE, "SELECT coalesce(sum(rows_staged), 0) FROM stream_batches");
                if (got >= expected) {
                    return;
                }
                if (!stream.isAlive()) {
                    throw new IllegalStateException("the stream service died. The end of its log:\n" + stream.tail());
                }
                if (System.nanoTime() - start >= timeout.toNanos()) {
                    throw new IllegalStateException("only " + got + " of " + expected + " rows after " + timeout.toSeconds() + "s");
                }
                if (progress && System.nanoTime() >= nextProgress) {
                    run.say("  bulk: %d of %d rows, last batch %d, stream RSS %d MB", got, expected, BatchLog.lastBatchId(stream),
                            Math.round(ProcStat.rss(stream.pid()).mb()));
                    nextProgress += Duration.ofSeconds(30).toNanos();
                }
                Thread.sleep(1000);
            }
        }
    }

    /** {@code bench.jar csv} into a staging folder of the data folder (the same file system as raw/, for atomic moves). */
    private static void csv(BenchRun run, Path out, int files, int rowsPerFile, String span, String name, int seed)
            throws InterruptedException {
        tool(run, "csv-" + name, "csv", "--out", out.toString(), "--files", Integer.toString(files), "--rows-per-file",
                Integer.toString(rowsPerFile), "--span", span, "--name", name, "--seed", Integer.toString(seed));
    }

    /** One of bench.jar's tools in a JVM of its own, to its end; it must succeed. */
    private static void tool(BenchRun run, String logName, String... arguments) throws InterruptedException {
        ChildProcess tool = run.benchTool(logName, List.of(), List.of(arguments));
        if (!tool.waitFor(Duration.ofHours(1))) {
            tool.kill9();
            throw new IllegalStateException("bench.jar " + arguments[0] + " did not end within an hour");
        }
        if (tool.exitValue() != 0) {
            throw new IllegalStateException("bench.jar " + arguments[0] + " failed (exit status " + tool.exitValue() + "):\n"
                    + tool.tail(20));
        }
    }

    /** MB in use after a full GC, whole; null when jcmd cannot tell. */
    private static JsonNode heapAfterGc(PackagedService stream) throws InterruptedException {
        OptionalDouble mb = Jcmd.heapUsedAfterGcMb(stream.pid());
        return mb.isPresent() ? number(Math.round(mb.getAsDouble())) : NullNode.getInstance();
    }

    /** The first 28 lines: jcmd's pid line, the header, its rule and the 25 biggest classes. */
    private static String firstLines(String histogram) {
        List<String> lines = histogram.lines().limit(28).toList();
        return String.join("\n", lines).stripTrailing();
    }

    /** {@code after / before}, two decimals; null unless both are there and before > 0. */
    private static JsonNode ratio(JsonNode after, JsonNode before) {
        if (!after.isNumber() || !before.isNumber() || before.asDouble() <= 0) {
            return NullNode.getInstance();
        }
        return number(JqFigures.round(after.asDouble() / before.asDouble(), 2));
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        StreamResultsHead.print(results, out);
        JsonNode settings = results.path("settings");
        if (!settings.path("java_opts").asText("").isEmpty()) {
            out.println("JVM options: " + text(settings.path("java_opts")));
        }
        out.println(text(settings.path("files")) + " files of " + text(settings.path("rows_per_file")) + " rows between two phases of "
                + text(settings.path("probes")) + " probe files (" + text(settings.path("probe_rows"))
                + " rows, one a second); bulk took " + text(results.path("bulk").path("seconds")) + " s in "
                + text(results.path("bulk").path("all").path("batches")) + " batches");
        out.println();
        out.println("batch times in ms (p50 unless marked; trigger = Spark's triggerExecution; compaction = batches that compact the file source log)");
        TextTable table = new TextTable().row("phase", "batches", "trigger", "trigger p90", "trigger max", "latestOffset", "getBatch",
                "addBatch", "load", "walCommit", "commitOffsets", "planning");
        for (String phase : List.of("before", "after", "bulk")) {
            for (String kind : List.of("all", "without_compaction", "compaction")) {
                JsonNode x = results.path(phase).path(kind);
                if (x.path("batches").asLong() > 0) {
                    table.row(phase + (kind.equals("all") ? "" : " (" + kind + ")"), x.path("batches"), x.path("trigger_ms_p50"),
                            x.path("trigger_ms_p90"), x.path("trigger_ms_max"), x.path("latest_offset_ms_p50"),
                            x.path("get_batch_ms_p50"), x.path("add_batch_ms_p50"), x.path("load_ms_p50"),
                            x.path("wal_commit_ms_p50"), x.path("commit_offsets_ms_p50"), x.path("query_planning_ms_p50"));
                }
            }
        }
        table.print(out);
        JsonNode ratio = results.path("ratio");
        JsonNode checkpoint = results.path("checkpoint");
        JsonNode afterBulk = checkpoint.path("after_bulk");
        JsonNode heap = results.path("heap_after_gc_mb");
        JsonNode rss = results.path("rss_mb");
        out.println("after/before: trigger p50 " + text(ratio.path("trigger_p50")) + ", mean " + text(ratio.path("trigger_mean"))
                + ", addBatch p50 " + text(ratio.path("add_batch_p50")) + " (goal <= 1.2)");
        out.println("checkpoint: " + text(checkpoint.path("before").path("bytes")) + " bytes before, " + text(afterBulk.path("bytes"))
                + " after the bulk (latest compact file " + JqFigures.or(afterBulk.path("latest_compact"), "-") + ": "
                + JqFigures.or(afterBulk.path("latest_compact_bytes"), "-") + " bytes), " + text(checkpoint.path("end").path("bytes"))
                + " at the end");
        out.println("driver heap after full GC: " + text(heap.path("before")) + " MB before, " + text(heap.path("after_bulk"))
                + " MB after the bulk, " + text(heap.path("end")) + " MB at the end; RSS peak " + text(rss.path("peak")) + " MB, HWM "
                + text(rss.path("hwm")) + " MB");
    }
}

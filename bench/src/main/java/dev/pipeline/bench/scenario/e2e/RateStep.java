package dev.pipeline.bench.scenario.e2e;

import static dev.pipeline.bench.scenario.JqFigures.number;
import static dev.pipeline.bench.scenario.JqFigures.pct;
import static dev.pipeline.bench.scenario.JqFigures.round;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BatchLog;
import dev.pipeline.bench.scenario.BenchPostgres;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.proc.MachineCpu;
import dev.pipeline.harness.proc.PeriodicSampler;
import dev.pipeline.harness.proc.ProcStat;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import org.postgresql.PGConnection;

/**
 * One step on a running {@link RatePipeline}: the rate client ({@code bench.jar rate}, a JVM of its
 * own) for warm-up + duration, then the drain, the check that every acknowledged event is in
 * {@code user_events}, the latency of the step's rows from the table, and what the step cost (batches,
 * CPU, RSS, the machine) over its measured part. Event ids are {@code <run id>-<request>-<index>}, so
 * a step's rows sort between {@code '<run>-'} and {@code '<run>.'}: a range scan on the unique index.
 */
final class RateStep {

    private final RatePipeline pipeline;
    private final RateLoadShape shape;

    /**
     * @param step the step's figures: an element of {@code configs[].steps[]} in an e2e results file
     * @param samples the readings of the {@link Watch}'s sampler over the measured part, else empty
     */
    record Outcome(ObjectNode step, List<ObjectNode> samples) {
    }

    /**
     * What a step watches besides its own figures.
     *
     * @param sampler starts readings on a schedule of their own at the epoch ms it is given (the end of
     *     the warm-up); they stop when the client ends. Null: none.
     * @param tableLatency whether the latency of the step's rows is computed from the table after the
     *     drain ({@code table_latency_ms}, else null): two sorts of every row, minutes at tens of millions
     */
    record Watch(LongFunction<PeriodicSampler<ObjectNode>> sampler, boolean tableLatency) {

        /** An e2e step: no samples, the latency from the table. */
        static final Watch STEP = new Watch(null, true);

        /** A sustain: {@code /lag} every {@value LagSampler#EVERY_MS} ms ({@link LagSampler}), the latency from the table. */
        static Watch lag(PackagedService stream) {
            return new Watch(first -> LagSampler.start(stream, first), true);
        }
    }

    RateStep(RatePipeline pipeline, RateLoadShape shape) {
        this.pipeline = pipeline;
        this.shape = shape;
    }

    /** Runs the step, watching what {@code watch} says. */
    Outcome run(int rate, String runId, Duration duration, Duration warmup, Watch watch)
            throws IOException, InterruptedException, SQLException {
        BenchRun run = pipeline.run();
        PackagedService collector = pipeline.collector();
        PackagedService stream = pipeline.stream();
        int batch = shape.batchFor(rate);
        Path acked = run.work().resolve(runId + ".acked");
        Path clientOut = run.work().resolve(runId + ".json");
        long t0 = System.currentTimeMillis();
        ChildProcess client = run.benchTool("rate-" + runId, BenchRun.CLIENT_JVM, List.of("rate",
                "--url", collector.url().toString(), "--rate", Integer.toString(rate), "--batch", Integer.toString(batch),
                "--connections", Integer.toString(shape.connections()), "--duration", duration.toMillis() + "ms",
                "--warmup", warmup.toMillis() + "ms", "--run-id", runId, "--acked", acked.toString(),
                "--out", clientOut.toString()));
        List<ObjectNode> samples = List.of();
        try (LogFollower progress = LogFollower.start(client.log(), "    ");
                PeriodicSampler<ObjectNode> sampler = watch.sampler() == null ? null
                        : watch.sampler().apply(t0 + warmup.toMillis())) {
            // CPU, batches and machine load over the measured part only (after the warm-up; the client
            // starts its schedule 200 ms after it starts).
            long measuredFrom = t0 + warmup.toMillis() + 200;
            Thread.sleep(Math.max(0, measuredFrom - System.currentTimeMillis()));
            // A service's CPU with the processes it ran and reaped: Hadoop's local file system ran chmod
            // and readlink as processes for Spark's checkpoint (before issue 20), and that is its cost too.
            double c0 = ProcStat.cpuSecondsWithChildren(collector.pid());
            double s0 = ProcStat.cpuSecondsWithChildren(stream.pid());
            double jit0 = jitCpuSeconds(stream.pid());
            double p0 = postgresCpuSeconds();
            MachineCpu j0 = MachineCpu.now();
            long tm = System.currentTimeMillis();
            awaitClient(client, duration.plus(warmup));
            long t1 = System.currentTimeMillis();
            if (sampler != null) {
                sampler.close();
                samples = sampler.samples();
            }
            JsonNode lagEnd = lag(stream);
            double c1 = ProcStat.cpuSecondsWithChildren(collector.pid());
            double s1 = ProcStat.cpuSecondsWithChildren(stream.pid());
            double jit1 = jitCpuSeconds(stream.pid());
            double p1 = postgresCpuSeconds();
            double machineCores = MachineCpu.now().coresBusySince(j0);
            ProcStat.Rss collectorRss = ProcStat.rss(collector.pid());
            ProcStat.Rss streamRss = ProcStat.rss(stream.pid());
            if (!Files.exists(clientOut)) {
                throw new IllegalStateException("the rate client wrote no result; its output:\n" + client.tail(20));
            }
            progress.close();
            JsonNode clientResult = BenchRun.JSON.readTree(clientOut.toFile());
            long ackedEvents = clientResult.path("events_acked").asLong();
            long warmupRequests = clientResult.path("warmup_requests").asLong();

            long drainedMs = drain(runId, ackedEvents, t1);
            ObjectNode check = check(runId, batch, acked);
            JsonNode latency = watch.tableLatency() ? latency(runId, warmupRequests) : BenchRun.JSON.nullNode();
            // By time, not by id: a checkpoint rotation during the step starts the batch ids at 0 again.
            ArrayNode batches = BatchLog.readBetween(stream.log(), tm, t1);
            double seconds = (t1 - tm) / 1000.0;

            ObjectNode step = BenchRun.JSON.createObjectNode();
            step.put("rate", rate);
            step.put("run_id", runId);
            step.put("batch", batch);
            step.set("seconds", number(seconds));
            step.set("client", clientResult);
            step.set("check", check);
            step.set("table_latency_ms", latency);
            step.set("lag_at_end", lagEnd);
            step.put("drained_after_ms", drainedMs);
            step.set("batches", batchFigures(batches, seconds));
            ObjectNode cpu = step.putObject("cpu_cores");
            cpu.set("collector", number(round((c1 - c0) / seconds, 2)));
            cpu.set("stream", number(round((s1 - s0) / seconds, 2)));
            cpu.set("stream_jit", number(round((jit1 - jit0) / seconds, 2)));
            cpu.set("postgres", p1 < 0 ? BenchRun.JSON.nullNode() : number(round((p1 - p0) / seconds, 2)));
            cpu.set("machine", number(round(machineCores, 2)));
            double events = clientResult.path("events_per_sec").asDouble() * seconds;
            ObjectNode perMillion = perMillion(c1 - c0, s1 - s0, p1 < 0 ? -1 : p1 - p0, events);
            if (events > 0) {
                // Of the stream's share, what its JIT spent compiling: it fades as the service runs on.
                perMillion.set("stream_jit", number(round((jit1 - jit0) * 1_000_000 / events, 1)));
            }
            step.set("cpu_s_per_million_events", perMillion);
            ObjectNode rss = step.putObject("rss_mb");
            rss.put("collector", Math.round(collectorRss.mb()));
            rss.put("collector_hwm", Math.round(collectorRss.peakMb()));
            rss.put("stream", Math.round(streamRss.mb()));
            rss.put("stream_hwm", Math.round(streamRss.peakMb()));
            return new Outcome(step, samples);
        }
    }

    /**
     * CPU seconds per million events end to end, by process: collector, stream service, PostgreSQL (its
     * main process and every backend, also those that ended in the window; null when the server is not
     * on this machine) and their total. The load client and the generator are not counted.
     */
    static ObjectNode perMillion(double collectorCpuS, double streamCpuS, double postgresCpuS, double events) {
        ObjectNode figures = BenchRun.JSON.createObjectNode();
        if (events <= 0) {
            return figures;
        }
        double scale = 1_000_000 / events;
        figures.set("collector", number(round(collectorCpuS * scale, 1)));
        figures.set("stream", number(round(streamCpuS * scale, 1)));
        figures.set("postgres", postgresCpuS < 0 ? BenchRun.JSON.nullNode() : number(round(postgresCpuS * scale, 1)));
        figures.set("total", number(round((collectorCpuS + streamCpuS + Math.max(0, postgresCpuS)) * scale, 1)));
        return figures;
    }

    /** CPU seconds of a JVM's JIT compiler threads (HotSpot's C1 and C2). */
    private static double jitCpuSeconds(long pid) {
        return ProcStat.threadsCpuSeconds(pid, "C1 CompilerThre") + ProcStat.threadsCpuSeconds(pid, "C2 CompilerThre");
    }

    /** PostgreSQL's CPU seconds so far (its main process and its backends, live and reaped); -1 when not on this machine. */
    private double postgresCpuSeconds() {
        OptionalLong pid = pipeline.postgresPid();
        return pid.isEmpty() ? -1 : ProcStat.cpuSecondsWithChildren(pid.getAsLong());
    }

    /** The step's line on stderr, as the script said it. */
    static String summary(JsonNode step) {
        JsonNode latency = step.path("table_latency_ms");
        JsonNode lag = step.path("lag_at_end").path("e2e_latency_ms");
        JsonNode batches = step.path("batches");
        JsonNode cores = step.path("cpu_cores");
        return String.format(Locale.ROOT, "%s events/s acked; received_at->commit p50 %s ms p99 %s ms (->tx start p50 %s p99 %s, ->batch end p50 %s p99 %s);"
                + " /lag p50 %s p99 %s; missing %s; %s batches/s, %s files/s; cores: collector %s stream %s postgres %s machine %s;"
                + " CPU s per 1M events %s",
                t(step.path("client").path("events_per_sec")), t(latency.path("commit_p50")), t(latency.path("commit_p99")),
                t(latency.path("p50")), t(latency.path("p99")),
                t(latency.path("upper_p50")), t(latency.path("upper_p99")), t(lag.path("p50")), t(lag.path("p99")),
                t(step.path("check").path("missing_events")), t(batches.path("per_sec")), t(batches.path("files_per_sec")),
                t(cores.path("collector")), t(cores.path("stream")), t(cores.path("postgres")), t(cores.path("machine")),
                step.path("cpu_s_per_million_events"));
    }

    private static String t(JsonNode node) {
        return JqFigures.text(node);
    }

    /** Waits for the client: its schedule plus a margin for the answers still under way (30 s each at most). */
    private static void awaitClient(ChildProcess client, Duration schedule) throws InterruptedException {
        if (!client.waitFor(schedule.plusMinutes(2))) {
            client.kill9();
            throw new IllegalStateException("the rate client did not end within 2 min of its schedule");
        }
    }

    /** Waits until every acknowledged event of the step is in the table; the milliseconds since the client ended. */
    private long drain(String runId, long ackedEvents, long clientEnded) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + shape.drainTimeout().toNanos();
        while (true) {
            JsonNode pending = JqFigures.or(lag(pipeline.stream()).path("pending_files"), number(1));
            if (pending.asLong() == 0 && runRows(runId) >= ackedEvents) {
                break;
            }
            if (System.nanoTime() >= deadline) {
                pipeline.run().say("  not drained after %ds (pending files %s); checking what is there",
                        shape.drainTimeout().toSeconds(), JqFigures.text(pending));
                break;
            }
            Thread.sleep(1000);
        }
        return System.currentTimeMillis() - clientEnded;
    }

    private long runRows(String runId) throws SQLException {
        return pipeline.run().postgres().number(pipeline.database(),
                "SELECT count(*) FROM user_events WHERE event_id >= '" + runId + "-' AND event_id < '" + runId + ".'");
    }

    /**
     * Every acknowledged request's events, by request number (copied into {@code bench_acked}); extra =
     * rows of requests not acknowledged.
     */
    private ObjectNode check(String runId, int batch, Path acked) throws SQLException, IOException {
        BenchPostgres postgres = pipeline.run().postgres();
        try (Connection connection = postgres.connect(pipeline.database()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS bench_acked (run text, request bigint)");
            String numbers = Files.exists(acked) ? Files.readString(acked, StandardCharsets.US_ASCII) : "";
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY bench_acked (request) FROM STDIN", new StringReader(numbers));
            statement.execute("UPDATE bench_acked SET run = '" + runId + "' WHERE run IS NULL");
        }
        return json(postgres.text(pipeline.database(), """
                WITH landed AS (
                    SELECT split_part(event_id, '-', 2)::bigint AS request, count(*) AS n
                      FROM user_events WHERE event_id >= '%1$s-' AND event_id < '%1$s.' GROUP BY 1)
                SELECT json_build_object(
                    'acked_requests', (SELECT count(*) FROM bench_acked WHERE run = '%1$s'),
                    'missing_events', (SELECT coalesce(sum(%2$d - coalesce(l.n, 0)), 0) FROM bench_acked a
                                         LEFT JOIN landed l USING (request) WHERE a.run = '%1$s'),
                    'rows_in_table', (SELECT coalesce(sum(n), 0) FROM landed),
                    'rows_of_unacked_requests', (SELECT coalesce(sum(n), 0) FROM landed l WHERE NOT EXISTS
                        (SELECT 1 FROM bench_acked a WHERE a.run = '%1$s' AND a.request = l.request)))"""
                .formatted(runId, batch)));
    }

    /**
     * Per row after the warm-up, received_at → commit, and two bounds of it. The partition that stored
     * a row records its files in {@code stream_files} in the same transaction, {@code committed_at} =
     * {@code clock_timestamp()} of that last statement before COMMIT (since issue 20; before, it was
     * {@code now()}); {@link RatePipeline} keeps each transaction's start and commit in
     * {@code bench_commits}, and a row's {@code created_at} is its transaction's start: that gives the
     * row's commit time ({@code commit_*}). created_at itself is a lower bound ({@code p50}…); the
     * first "Batch N: ..." log line at or after it is when the batch's last partition had committed:
     * an upper bound ({@code upper_*}).
     */
    private ObjectNode latency(String runId, long warmupRequests) throws SQLException, IOException {
        StringBuilder ends = new StringBuilder();
        for (JsonNode batch : BatchLog.read(pipeline.stream().log())) {
            long committed = batch.path("committed_epoch_ms").asLong();
            if (committed > 0) {
                ends.append(committed).append('\n');
            }
        }
        BenchPostgres postgres = pipeline.run().postgres();
        try (Connection connection = postgres.connect(pipeline.database()); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_batch_end");
            statement.execute("CREATE TABLE bench_batch_end (end_ms bigint)");
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY bench_batch_end FROM STDIN", new StringReader(ends.toString()));
        }
        return json(postgres.text(pipeline.database(), """
                WITH r AS MATERIALIZED (
                         SELECT received_at, created_at FROM user_events
                          WHERE event_id >= '%1$s-' AND event_id < '%1$s.'
                            AND split_part(event_id, '-', 2)::bigint >= %2$d),
                     c AS MATERIALIZED (SELECT started_at AS created_at, max(committed_at) AS committed_at
                                          FROM bench_commits GROUP BY 1),
                     ends AS MATERIALIZED (SELECT to_timestamp(end_ms / 1000.0) AS t FROM bench_batch_end),
                     tx AS MATERIALIZED (
                         SELECT created_at, (SELECT min(t) FROM ends WHERE t >= d.created_at) AS batch_end
                           FROM (SELECT DISTINCT created_at FROM r) d),
                     x AS (SELECT extract(epoch FROM r.created_at - r.received_at) * 1000 AS lo,
                                  extract(epoch FROM tx.batch_end - r.received_at) * 1000 AS hi,
                                  extract(epoch FROM c.committed_at - r.received_at) * 1000 AS co
                             FROM r JOIN tx USING (created_at) LEFT JOIN c USING (created_at))
                SELECT json_build_object('rows', count(*),
                       'commit_rows', count(co),
                       'commit_p50', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY co)::numeric, 1),
                       'commit_p99', round(percentile_cont(0.99) WITHIN GROUP (ORDER BY co)::numeric, 1),
                       'commit_p999', round(percentile_cont(0.999) WITHIN GROUP (ORDER BY co)::numeric, 1),
                       'commit_max', round(max(co)::numeric, 1),
                       'p50', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY lo)::numeric, 1),
                       'p99', round(percentile_cont(0.99) WITHIN GROUP (ORDER BY lo)::numeric, 1),
                       'p999', round(percentile_cont(0.999) WITHIN GROUP (ORDER BY lo)::numeric, 1),
                       'max', round(max(lo)::numeric, 1),
                       'upper_rows', count(hi),
                       'upper_p50', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY hi)::numeric, 1),
                       'upper_p99', round(percentile_cont(0.99) WITHIN GROUP (ORDER BY hi)::numeric, 1),
                       'upper_max', round(max(hi)::numeric, 1))
                  FROM x""".formatted(runId, warmupRequests)));
    }

    /** The step's batches (those that ran in its measured part), as the script's jq summarised them. */
    static ObjectNode batchFigures(ArrayNode all, double seconds) {
        List<JsonNode> batches = new ArrayList<>();
        all.forEach(batches::add);
        List<JsonNode> withData = batches.stream()
                .filter(b -> b.path("rows").asLong() > 0 || b.path("files").asLong() > 0).toList();
        long files = batches.stream().mapToLong(b -> b.path("files").asLong()).sum();
        ObjectNode figures = BenchRun.JSON.createObjectNode();
        figures.put("count", batches.size());
        figures.put("with_data", withData.size());
        figures.set("per_sec", number(round(batches.size() / seconds, 2)));
        figures.set("files_per_sec", number(round(files / seconds, 1)));
        figures.set("rows_per_batch_p50", number(p(withData, "rows", 0.5)));
        figures.set("trigger_ms_p50", number(p(batches, "trigger_ms", 0.5)));
        figures.set("trigger_ms_p99", number(p(batches, "trigger_ms", 0.99)));
        figures.set("latest_offset_ms_p50", number(p(batches, "latest_offset_ms", 0.5)));
        figures.set("add_batch_ms_p50", number(p(batches, "add_batch_ms", 0.5)));
        figures.set("load_ms_p50", number(p(withData, "load_ms", 0.5)));
        figures.set("load_ms_p99", number(p(withData, "load_ms", 0.99)));
        figures.set("wal_commit_ms_p50", number(p(batches, "wal_commit_ms", 0.5)));
        figures.set("commit_offsets_ms_p50", number(p(batches, "commit_offsets_ms", 0.5)));
        return figures;
    }

    private static Long p(List<JsonNode> batches, String field, double p) {
        return pct(batches.stream().map(b -> b.path(field).asLong()).toList(), p);
    }

    /** A json_build_object of PostgreSQL, its numbers as jq would have written them. */
    private static ObjectNode json(String text) throws IOException {
        ObjectNode object = (ObjectNode) BenchRun.JSON.readTree(text);
        object.fields().forEachRemaining(field -> {
            if (field.getValue().isNumber()) {
                field.setValue(number(field.getValue().asDouble()));
            }
        });
        return object;
    }

    /** {@code GET /lag}, or {} when the service does not answer. */
    static JsonNode lag(PackagedService stream) throws InterruptedException {
        try {
            return stream.lag();
        } catch (IOException e) {
            return BenchRun.JSON.createObjectNode();
        }
    }
}

package dev.pipeline.bench.scenario.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BatchLog;
import dev.pipeline.bench.scenario.BenchPostgres;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.DataFolders;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.ReadyTimeout;
import dev.pipeline.harness.LogTail;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.StartupException;
import dev.pipeline.harness.proc.MachineCpu;
import dev.pipeline.harness.proc.ProcStat;
import dev.pipeline.harness.proc.RssSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One backlog loaded by a fresh stream service, timed (sink's part (a), both loads of table growth,
 * every mode of the cluster scenario). The packaged service starts on an empty data folder
 * ({@code <work>/<tag>-data}) against the database; a warm-up batch goes through first; once the
 * machine is quiet, every file of the backlog is moved into {@code raw/} at once, and
 * {@code stream_batches} is polled (a tiny table: a {@code count(*)} of the growing table would steal
 * the load's CPU) until all its rows are committed. {@code BENCH_READY_TIMEOUT} (seconds) bounds the
 * service's start.
 *
 * <p>Time = from the start of the first batch with rows (the log time of Spark's progress line minus
 * its {@code triggerExecution}) to the log time of the service's last "Batch N: ..." line, written
 * once every partition has committed. The figures:
 * {@code {rows, batches, ready_ms, first_batch_start_epoch_ms, last_commit_epoch_ms, seconds,
 * rows_per_sec, warmup_rows, warmup_files, publish_to_all_committed_s, load_ms_total, service_cpu_s,
 * machine_cores_busy, rss_idle_mb, rss_peak_mb, hwm_mb, batch_log}}.
 *
 * <p>The warm-up: a service that has been running has its code compiled, so one batch of
 * {@code BENCH_SINK_WARMUP_ROWS} rows (default 20000; 0 = none) is loaded first and left out of the
 * figures; they measure the sink, not the JIT compiler and Spark's first job (the start-up scenario
 * measures those). It is one file, so one task, unless {@code BENCH_SINK_WARMUP_FILES} (or the
 * scenario's default, {@link #defaultWarmupFiles}) says more. {@code BENCH_SINK_TIMEOUT} (default 900 s)
 * bounds the load.
 */
public final class StreamLoad {

    /**
     * Readings of other processes over the load's window (the cluster scenario: executors, daemons,
     * PostgreSQL), taken next to the reading of the service's CPU.
     */
    public interface Window {

        /** Just before the files are published; {@code quietWaitedS}: how long the wait for a quiet machine took. */
        void start(double quietWaitedS) throws Exception;

        /** Once all rows are seen committed. */
        void end() throws Exception;
    }

    /** The figures of the load, and the service's log (its DEBUG lines). */
    public record Loaded(ObjectNode figures, Path log) {
    }

    /** What was measured around the load, besides the service's batch log. */
    record Measured(long rows, long readyMs, long publishEpochMs, long seenEpochMs, double serviceCpuS,
            double machineCoresBusy, long rssIdleMb, long rssPeakMb, long hwmMb, long warmupRows, int warmupFiles) {
    }

    private static final long POLL_MS = 200;
    private static final long WARMUP_TIMEOUT_MS = 300_000;

    private final BenchRun run;
    private final String tag;
    private final String database;
    private final Path csv;
    private final long rows;
    private String label;
    private long rowsBefore;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private int defaultWarmupFiles = 1;
    private Long warmupRows;
    private Window window;

    private StreamLoad(BenchRun run, String tag, String database, Path csv, long rows) {
        this.run = run;
        this.tag = tag;
        this.database = database;
        this.csv = csv;
        this.rows = rows;
        this.label = tag;
    }

    /**
     * @param tag names the service's data folder and log ({@code <work>/<tag>.log})
     * @param csv the folder of the backlog's files (copied, not moved)
     * @param rows the rows they hold: the load is over once that many are committed
     */
    public static StreamLoad of(BenchRun run, String tag, String database, Path csv, long rows) {
        return new StreamLoad(run, tag, database, csv, rows);
    }

    /** How progress lines name this load, e.g. "(a)" (default: the tag). */
    public StreamLoad label(String text) {
        this.label = text;
        return this;
    }

    /** Rows already in {@code user_events}, not counted. */
    public StreamLoad rowsBefore(long count) {
        this.rowsBefore = count;
        return this;
    }

    /** A setting of the service on top of this JVM's environment (whose {@code STREAM_*} variables it inherits). */
    public StreamLoad env(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    /** JVM options of the service after those of {@code BENCH_JAVA_OPTS}. */
    public StreamLoad jvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    /** Files of the warm-up batch unless {@code BENCH_SINK_WARMUP_FILES} says otherwise (default 1). */
    /** Rows of the warm-up batch, instead of {@code BENCH_SINK_WARMUP_ROWS}: 0 measures a cold service. */
    public StreamLoad warmupRows(long rows) {
        this.warmupRows = rows;
        return this;
    }

    public StreamLoad defaultWarmupFiles(int files) {
        this.defaultWarmupFiles = files;
        return this;
    }

    public StreamLoad window(Window readings) {
        this.window = readings;
        return this;
    }

    public Loaded run() throws Exception {
        long warm = warmupRows != null ? warmupRows : Long.parseLong(Flags.orEnv("BENCH_SINK_WARMUP_ROWS", "20000"));
        int warmFiles = Integer.parseInt(Flags.orEnv("BENCH_SINK_WARMUP_FILES", Integer.toString(defaultWarmupFiles)));
        if (warm > 0 && (warmFiles < 1 || warmFiles > warm)) {
            throw new IllegalArgumentException("BENCH_SINK_WARMUP_FILES must be 1..BENCH_SINK_WARMUP_ROWS");
        }
        long timeoutS = Long.parseLong(Flags.orEnv("BENCH_SINK_TIMEOUT", "900"));
        Path data = run.work().resolve(tag + "-data");
        DataFolders.delete(data);
        Path raw = Files.createDirectories(data.resolve("raw"));
        Path pending = Files.createDirectories(data.resolve("pending"));
        for (Path file : CsvData.files(csv)) {
            Files.copy(file, pending.resolve(file.getFileName()));
        }
        run.waitQuiet();
        PackagedService service = service(data);
        long launched = System.nanoTime();
        service.launch().awaitReady(ReadyTimeout.of((int) PackagedService.READY_TIMEOUT.toSeconds()));
        long readyMs = (System.nanoTime() - launched) / 1_000_000;
        run.say("%s ready in %d ms", label, readyMs);
        long pid = service.pid();
        BenchPostgres postgres = run.postgres();
        Measured measured;
        long count;
        try (Connection poll = postgres.connect(database)) {
            long before = rowsBefore;
            long warmBatches = 0;
            if (warm > 0) {
                warm = warm / warmFiles * warmFiles;
                warmBatches = warmUp(service, poll, raw, warm, warmFiles);
                before += warm;
            }
            Thread.sleep(5000);
            long rssIdle = Math.round(ProcStat.rss(pid).mb());
            double quietWaited = run.waitQuiet();
            long publish;
            long seen;
            double cpu;
            double machineCores;
            long hwm;
            RssSampler sampler = RssSampler.start(pid);
            try {
                if (window != null) {
                    window.start(quietWaited);
                }
                double cpu0 = ProcStat.cpuSeconds(pid);
                MachineCpu machine0 = MachineCpu.now();
                publish = System.currentTimeMillis();
                for (Path file : CsvData.files(pending)) {
                    Files.move(file, raw.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
                long deadline = System.currentTimeMillis() + timeoutS * 1000;
                long done = 0;
                while (done < rows) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new StartupException(label + ": only " + done + " of " + rows + " rows after " + timeoutS
                                + " s (BENCH_SINK_TIMEOUT)");
                    }
                    requireAlive(service);
                    Thread.sleep(POLL_MS);
                    done = rowsStaged(poll) - warm;
                }
                seen = System.currentTimeMillis();
                cpu = ProcStat.cpuSeconds(pid) - cpu0;
                machineCores = MachineCpu.now().coresBusySince(machine0);
                if (window != null) {
                    window.end();
                }
                Thread.sleep(2000); // the listener logs Spark's progress of the last batch a moment after the commit
            } finally {
                sampler.close();
            }
            hwm = Math.round(ProcStat.rss(pid).peakMb());
            count = number(poll, "SELECT count(*) FROM user_events") - before;
            measured = new Measured(count, readyMs, publish, seen, JqFigures.round(cpu, 2), JqFigures.round(machineCores, 2), rssIdle,
                    Math.round(sampler.peakMb()), hwm, warm, warmFiles);
            service.stop();
            ObjectNode figures = figures(BatchLog.read(service.log()), warmBatches, measured);
            DataFolders.delete(data);
            run.say("%s %s rows in %s batches, %s s from the first batch start to the last commit: %s rows/s (our foreachBatch %s ms of it)",
                    label, JqFigures.text(figures.get("rows")), JqFigures.text(figures.get("batches")), JqFigures.text(figures.get("seconds")),
                    JqFigures.text(figures.get("rows_per_sec")), JqFigures.text(figures.get("load_ms_total")));
            return new Loaded(figures, service.log());
        }
    }

    /**
     * The load's figures from the service's batch log: the batches with rows, less the warm-up's
     * {@code skip} first ones.
     */
    static ObjectNode figures(ArrayNode batchLog, long skip, Measured measured) {
        ArrayNode batches = BenchRun.JSON.createArrayNode();
        long withRows = 0;
        for (JsonNode batch : batchLog) {
            if (batch.path("rows").asLong() > 0 && withRows++ >= skip) {
                batches.add(batch);
            }
        }
        if (batches.isEmpty()) {
            throw new StartupException("the stream service logged no batch with rows after the warm-up: is it at DEBUG?");
        }
        JsonNode first = batches.get(0);
        JsonNode last = batches.get(batches.size() - 1);
        long start = first.path("progress_epoch_ms").asLong() - first.path("trigger_ms").asLong();
        long lastCommit = last.path("committed_epoch_ms").asLong();
        long loadMs = 0;
        for (JsonNode batch : batches) {
            loadMs += batch.path("load_ms").asLong();
        }
        ObjectNode figures = BenchRun.JSON.createObjectNode();
        figures.put("rows", measured.rows());
        figures.put("batches", batches.size());
        figures.put("ready_ms", measured.readyMs());
        figures.put("first_batch_start_epoch_ms", start);
        figures.put("last_commit_epoch_ms", lastCommit);
        JqFigures.put(figures, "seconds", (lastCommit - start) / 1000.0);
        figures.put("rows_per_sec", JqFigures.perSecond(measured.rows(), lastCommit - start));
        figures.put("warmup_rows", measured.warmupRows());
        figures.put("warmup_files", measured.warmupFiles());
        JqFigures.put(figures, "publish_to_all_committed_s", (measured.seenEpochMs() - measured.publishEpochMs()) / 1000.0);
        // The measure: from the files' publication until the last row is visible (the log time
        // of the last batch's commit), so the wait for the trigger and the batch's planning count too.
        JqFigures.put(figures, "publish_to_last_commit_s", (lastCommit - measured.publishEpochMs()) / 1000.0);
        figures.put("rows_per_sec_from_publish", JqFigures.perSecond(measured.rows(), lastCommit - measured.publishEpochMs()));
        figures.put("load_ms_total", loadMs);
        JqFigures.put(figures, "service_cpu_s", measured.serviceCpuS());
        JqFigures.put(figures, "machine_cores_busy", measured.machineCoresBusy());
        figures.put("rss_idle_mb", measured.rssIdleMb());
        figures.put("rss_peak_mb", measured.rssPeakMb());
        figures.put("hwm_mb", measured.hwmMb());
        figures.set("batch_log", batches);
        return figures;
    }

    private PackagedService service(Path data) {
        PackagedService service = run.service(ServiceModule.STREAM, tag).withEnv("PIPELINE_DATA_DIR", data.toString());
        run.postgres().datasourceOf(service, database);
        BatchLog.enableOn(service);
        service.withEnv(environment);
        List<String> options = new ArrayList<>(BenchRun.benchJavaOptions());
        options.addAll(jvmOptions);
        return service.withJvmOptions(options);
    }

    /** The warm-up batch through the service; returns the number of batches it took. */
    private long warmUp(PackagedService service, Connection poll, Path raw, long warm, int files) throws Exception {
        Path dir = run.work().resolve(tag + "-warmup");
        CsvData.write(run, tag + "-warmup-csv", "--out", dir.toString(), "--files", Integer.toString(files),
                "--rows-per-file", Long.toString(warm / files), "--name", "warmup");
        for (Path file : CsvData.files(dir)) {
            Files.move(file, raw.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        long deadline = System.currentTimeMillis() + WARMUP_TIMEOUT_MS;
        while (rowsStaged(poll) < warm) {
            if (System.currentTimeMillis() > deadline) {
                throw new StartupException(label + ": the warm-up batch was not committed within " + WARMUP_TIMEOUT_MS / 1000 + " s");
            }
            requireAlive(service);
            Thread.sleep(POLL_MS);
        }
        long batches = number(poll, "SELECT count(*) FROM stream_batches WHERE rows_staged > 0");
        run.say("%s warm-up: %d rows in %d file(s), %d batch(es)", label, warm, files, batches);
        return batches;
    }

    private void requireAlive(PackagedService service) {
        if (!service.isAlive()) {
            throw new StartupException(label + ": the stream service died; the end of " + service.log() + ":\n"
                    + LogTail.of(service.log(), 40));
        }
    }

    /** Rows the service has committed, from {@code stream_batches}: one row a batch, so polling it costs the load nothing. */
    private static long rowsStaged(Connection poll) throws SQLException {
        return number(poll, "SELECT coalesce(sum(rows_staged), 0) FROM stream_batches");
    }

    private static long number(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }
}

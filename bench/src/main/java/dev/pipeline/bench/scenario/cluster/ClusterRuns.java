package dev.pipeline.bench.scenario.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BenchPostgres;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.Builds;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.ServiceEnvironment;
import dev.pipeline.bench.scenario.sink.CsvData;
import dev.pipeline.bench.scenario.sink.SchemaFile;
import dev.pipeline.bench.scenario.sink.StreamLoad;
import dev.pipeline.harness.StartupException;
import dev.pipeline.harness.spark.SparkStandaloneCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cluster scenario's modes, in order, each loading the same rows into a fresh database
 * {@code bench_cluster_<mode>} of sql/postgres_setup.sql the way sink's part (a) loads them
 * ({@link StreamLoad}): {@code local} with Spark inside the service, {@code clusterWxC} with the service as
 * the driver of a fresh standalone cluster (the harness's {@link SparkStandaloneCluster}); the CPU of
 * every process over the load's window is read by a {@link CpuWindow}. The warm-up has two files per
 * Spark core, so that every core (every executor) gets a task of it.
 */
final class ClusterRuns {

    private final BenchRun run;
    private final ClusterSettings settings;
    private final BenchPostgres postgres;

    ClusterRuns(BenchRun run, ClusterSettings settings) {
        this.run = run;
        this.settings = settings;
        this.postgres = run.postgres();
    }

    /**
     * Builds spark-home's jars when a cluster mode needs them and they are missing (unless told not to
     * build, or pointed at another SPARK_HOME): {@code ./mvnw -Pcluster package -pl spark-home}.
     */
    void requireSparkHome(boolean build) throws IOException, InterruptedException {
        if (!settings.anyCluster() || hasSpark(settings.sparkHome())) {
            return;
        }
        if (build && settings.sparkHome().equals(run.home().resolve(ClusterSettings.DEFAULT_SPARK_HOME).normalize())) {
            run.say("building spark-home (a SPARK_HOME's jars/ from Maven Central) ...");
            if (Builds.maven(run.home(), "-Pcluster", "package", "-pl", "spark-home") == 0 && hasSpark(settings.sparkHome())) {
                return;
            }
        }
        throw new StartupException(settings.sparkHome().resolve("jars") + " has no Spark; build it with"
                + " ./mvnw -q -B -ntp -Pcluster package -pl spark-home (or point --spark-home at a SPARK_HOME)");
    }

    void run() throws Exception {
        Path executorJar = run.home().resolve("stream-service/target/quarkus-app/executor/stream-executor.jar");
        if (!Files.isRegularFile(executorJar)) {
            throw new StartupException(run.relative(executorJar) + " is missing; build the stream service again");
        }
        OptionalLong postgresPid = postgres.serverPid();
        if (postgresPid.isEmpty()) {
            run.say("PostgreSQL does not run on this machine as far as /proc shows: its CPU is not measured");
        }
        ObjectNode results = run.results();
        writeSettings(results.putObject("settings"));
        Path csv = run.work().resolve("csv");
        run.say("writing %d rows in %d files ...", settings.rows(), settings.files());
        results.set("data", CsvData.write(run, "csv", "--out", csv.toString(), "--files", Integer.toString(settings.files()),
                "--rows-per-file", Integer.toString(settings.rowsPerFile()), "--ids", "uuid7", "--seed", "42"));
        ArrayNode runs = results.putArray("runs");
        SchemaFile schema = new SchemaFile(run.home().resolve(SchemaFile.DEFAULT));
        for (ClusterMode mode : settings.modes()) {
            runs.add(load(mode, csv, schema, postgresPid));
        }
    }

    private ObjectNode load(ClusterMode mode, Path csv, SchemaFile schema, OptionalLong postgresPid) throws Exception {
        String db = "bench_cluster_" + mode.name();
        schema.freshDatabase(postgres, db);
        postgres.execute(db, "CHECKPOINT");
        int sparkCores = mode.sparkCores(settings.localMaster());
        SparkStandaloneCluster cluster = null;
        String master;
        if (mode.isLocal()) {
            master = settings.localMaster();
            run.say("%s: Spark inside the stream service (%s) ...", mode.name(), master);
        } else {
            run.say("%s: a fresh cluster of %d worker(s) with %d core(s), the stream service its driver ...", mode.name(),
                    mode.workers(), mode.coresPerWorker());
            long started = System.nanoTime();
            cluster = run.closeAtEnd(SparkStandaloneCluster.start(settings.sparkHome(), run.work().resolve(mode.name() + "-cluster"),
                    mode.workers(), mode.coresPerWorker(), settings.workerMemory()));
            master = cluster.masterUrl();
            run.say("Spark master on 127.0.0.1:%d with %d worker(s) of %d core(s) ready in %d ms", cluster.port(), mode.workers(),
                    mode.coresPerWorker(), (System.nanoTime() - started) / 1_000_000);
        }
        CpuWindow window = new CpuWindow(cluster, mode.workers(), postgresPid);
        StreamLoad load = StreamLoad.of(run, mode.name(), db, csv, settings.rows()).label(mode.name())
                .env("STREAM_SPARK_MASTER", master).defaultWarmupFiles(2 * sparkCores).window(window);
        if (cluster != null) {
            load.env("SPARK_LOCAL_IP", "127.0.0.1").jvmOptions(List.of("-Dspark.executor.memory=" + settings.executorMemory()));
        }
        StreamLoad.Loaded loaded = load.run();
        JsonNode executors = null;
        if (cluster != null) {
            // The service (the driver) has stopped: the application is over; now the workers, their executors and the master.
            cluster.close();
            List<String> errors = ExecutorLogs.lines(cluster, mode.workers(), "ERROR");
            List<String> warnings = ExecutorLogs.lines(cluster, mode.workers(), "WARN");
            executors = ExecutorLogs.summary(errors, warnings, window.atEnd());
            if (!errors.isEmpty()) {
                run.say("%s: %d ERROR line(s) in the executors' stderr, the first: %s", mode.name(), errors.size(), errors.get(0));
            }
        }
        ObjectNode figures = ClusterRunFigures.of(mode, master, sparkCores, settings.executorMemory(), loaded.figures(),
                window.atStart(), window.atEnd(), executors, driverLogErrors(loaded.log()));
        JsonNode cpu = figures.path("cpu_s");
        run.say("%s: %s rows/s; CPU s: driver %s, executors %s, postgres %s, machine %s", mode.name(),
                JqFigures.text(figures.path("rows_per_sec")), JqFigures.text(cpu.path("driver")), JqFigures.or(cpu.path("executors"), "-"),
                JqFigures.or(cpu.path("postgres"), "-"), JqFigures.text(cpu.path("machine")));
        postgres.drop(db);
        return figures;
    }

    private void writeSettings(ObjectNode head) {
        ArrayNode modes = head.putArray("modes");
        settings.modes().forEach(mode -> modes.add(mode.name()));
        head.put("rows", settings.rows());
        head.put("files", settings.files());
        head.put("local_master", settings.localMaster());
        head.put("executor_memory", settings.executorMemory());
        head.put("worker_memory", settings.workerMemory());
        // The harness chooses free ports for each mode's cluster (its master URL is in runs[].master).
        head.putNull("master_port");
        head.putNull("master_ui_port");
        head.put("spark_home", run.relative(settings.sparkHome()));
        head.put("warmup_rows", Long.parseLong(Flags.orEnv("BENCH_SINK_WARMUP_ROWS", "20000")));
        head.put("warmup_files", Flags.orEnv("BENCH_SINK_WARMUP_FILES", "2 per spark core"));
        head.put("java_opts", Flags.orEnv("BENCH_JAVA_OPTS", ""));
        head.put("stream_env", ServiceEnvironment.recorded("STREAM_", Set.of("STREAM_SPARK_MASTER")));
    }

    /** Lines of the driver's log (the stream service's) with " ERROR " in them. */
    private static long driverLogErrors(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(" ERROR ")).count();
        }
    }

    private static boolean hasSpark(Path sparkHome) throws IOException {
        Path jars = sparkHome.resolve("jars");
        if (!Files.isDirectory(jars)) {
            return false;
        }
        try (DirectoryStream<Path> core = Files.newDirectoryStream(jars, "spark-core_*.jar")) {
            return core.iterator().hasNext();
        }
    }
}

package dev.pipeline.bench.scenario.e2e;

import dev.pipeline.bench.scenario.BatchLog;
import dev.pipeline.bench.scenario.BenchPostgres;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.DataFolders;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.ServiceModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The packaged collector and stream service of one {@link RollTrigger} setting, as the pipeline runs:
 * on one data folder (the collector writes {@code raw/}, the stream reads it) and one fresh database
 * with the project's schema; the stream logs its batches at DEBUG for {@code BatchLog}. Other
 * {@code COLLECTOR_*} and {@code STREAM_*} variables of this JVM's environment reach the services.
 */
final class RatePipeline implements AutoCloseable {

    private final BenchRun run;
    private final String database;
    private final Path data;
    private final RollTrigger setting;
    private final PackagedService collector;
    private final PackagedService stream;
    private final long collectorReadyMs;
    private final long streamReadyMs;
    private final OptionalLong postgresPid;

    private RatePipeline(BenchRun run, String database, Path data, RollTrigger setting, PackagedService collector,
            PackagedService stream, long collectorReadyMs, long streamReadyMs) {
        this.run = run;
        this.database = database;
        this.data = data;
        this.setting = setting;
        this.collector = collector;
        this.stream = stream;
        this.collectorReadyMs = collectorReadyMs;
        this.streamReadyMs = streamReadyMs;
        this.postgresPid = run.postgres().serverPid();
    }

    /**
     * A fresh {@code database}, a data folder {@code <work>/data-<tag>}, then (once the machine is
     * quiet) the collector and the stream service, each started and awaited in turn.
     *
     * @param tag names the data folder and the logs ({@code collector-<tag>.log}, {@code stream-<tag>.log})
     */
    static RatePipeline start(BenchRun run, String database, RollTrigger setting, String tag)
            throws SQLException, IOException, InterruptedException {
        return start(run, database, setting, tag, Map.of());
    }

    /**
     * The same, the stream service with {@code streamEnv} on top of the pipeline's settings (e.g. the
     * soak's retentions).
     */
    static RatePipeline start(BenchRun run, String database, RollTrigger setting, String tag, Map<String, String> streamEnv)
            throws SQLException, IOException, InterruptedException {
        BenchPostgres postgres = run.postgres();
        postgres.freshDatabase(database, run.home().resolve("sql/postgres_setup.sql"));
        recordCommits(postgres, database);
        Path data = Files.createDirectories(run.work().resolve("data-" + tag));
        run.waitQuiet();
        PackagedService collector = run.service(ServiceModule.COLLECTOR, "collector-" + tag)
                .withEnv("PIPELINE_DATA_DIR", data.toString())
                .withEnv("COLLECTOR_ROLL_INTERVAL", setting.roll());
        long collectorReadyMs = timedStart(collector);
        PackagedService stream = run.service(ServiceModule.STREAM, "stream-" + tag)
                .withEnv("PIPELINE_DATA_DIR", data.toString())
                .withEnv("STREAM_TRIGGER_INTERVAL", setting.trigger())
                .withEnv(streamEnv);
        postgres.datasourceOf(stream, database);
        BatchLog.enableOn(stream);
        long streamReadyMs = timedStart(stream);
        return new RatePipeline(run, database, data, setting, collector, stream, collectorReadyMs, streamReadyMs);
    }

    /**
     * Each loading transaction's start and commit, kept apart from {@code stream_files}: the service
     * forgets a query's rows there when it rotates its checkpoint and keeps 1,000 batches, the latency
     * of a step needs every transaction's. A row's {@code created_at} is its transaction's start.
     */
    private static void recordCommits(BenchPostgres postgres, String database) throws SQLException {
        postgres.execute(database,
                "CREATE TABLE bench_commits (started_at timestamptz NOT NULL, committed_at timestamptz NOT NULL)",
                "CREATE FUNCTION bench_record_commit() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN INSERT INTO bench_commits VALUES (now(), NEW.committed_at); RETURN NULL; END $$",
                "CREATE TRIGGER bench_record_commit AFTER INSERT ON stream_files FOR EACH ROW EXECUTE FUNCTION bench_record_commit()");
    }

    /** Milliseconds from launch to ready, as the scripts' READY_MS. */
    private static long timedStart(PackagedService service) throws InterruptedException {
        long launched = System.currentTimeMillis();
        service.start();
        return System.currentTimeMillis() - launched;
    }

    /** The PostgreSQL server's main process, when it runs on this machine: its CPU is part of the pipeline's. */
    OptionalLong postgresPid() {
        return postgresPid;
    }

    BenchRun run() {
        return run;
    }

    String database() {
        return database;
    }

    /** The data folder both services share: {@code raw/}, {@code processed/}, {@code error/}, {@code checkpoints/}, {@code work/}. */
    Path data() {
        return data;
    }

    RollTrigger setting() {
        return setting;
    }

    PackagedService collector() {
        return collector;
    }

    PackagedService stream() {
        return stream;
    }

    long collectorReadyMs() {
        return collectorReadyMs;
    }

    long streamReadyMs() {
        return streamReadyMs;
    }

    /**
     * Stops the stream service, then the collector, drops the database (unless BENCH_KEEP_DB=1) and
     * removes the data folder (at high rates it holds gigabytes; the next setting starts on an empty one).
     */
    @Override
    public void close() throws InterruptedException, SQLException, IOException {
        stream.stop();
        collector.stop();
        run.postgres().drop(database);
        DataFolders.delete(data);
    }
}

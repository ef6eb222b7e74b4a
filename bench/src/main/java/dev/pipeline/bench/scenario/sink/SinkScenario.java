package dev.pipeline.bench.scenario.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.Scenario;
import dev.pipeline.harness.Repository;
import dev.pipeline.harness.ServiceModule;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code bench/run sink}: the same rows of raw CSV loaded into PostgreSQL three ways, each into an
 * empty database of the schema: through the packaged stream service, with {@code psql \copy} (the
 * practical limit) and with Spark's {@code df.write().jdbc} (the naive way); then {@code psql \copy}
 * into index variants of the table, the stream's move statement on its own, and {@code EXPLAIN ANALYZE}
 * of the analytical queries on what the stream loaded. Ported from bench/sink-bench.sh; the parts are
 * in {@link SinkParts}.
 */
public final class SinkScenario implements Scenario {

    @Override
    public String name() {
        return "sink";
    }

    @Override
    public String summary() {
        return "1M rows into PostgreSQL: stream service vs psql \\copy vs Spark df.write().jdbc; index variants;"
                + " the move statement; query plans (~5-6 min)";
    }

    @Override
    public String options() {
        return """
                  --files N           CSV files                                   (env BENCH_SINK_FILES, default 20)
                  --rows-per-file N   rows in each                                (env BENCH_SINK_ROWS_PER_FILE, default 50000)
                  --ids KIND          event ids: uuid7 (time-ordered) or random   (env BENCH_SINK_IDS, default uuid7)
                  --parts LIST        what to run: stream,stream-cold,psql,spark,variants,move,explain (env BENCH_SINK_PARTS, default all)
                  --schema FILE       schema SQL of every database instead of sql/postgres_setup.sql, relative to the
                                      repository (the variants start from its table)  (env BENCH_SCHEMA)
                  --jfr               profile the stream service's load with Java Flight Recorder and print its hot methods

                STREAM_* variables in the environment reach the stream service (e.g. STREAM_MAX_FILES_PER_TRIGGER=10);
                BENCH_JAVA_OPTS adds JVM options to it; BENCH_SINK_WARMUP_ROWS (default 20000) rows go through it
                first, not counted. PostgreSQL from PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres); databases
                bench_sink_* are created and dropped (BENCH_KEEP_DB=1 keeps them).
                """;
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of("--files", "--rows-per-file", "--ids", "--parts", "--schema");
    }

    @Override
    public Set<String> switches() {
        return Set.of("--jfr");
    }

    /**
     * The stream service for parts stream and spark (which runs on its dependency jars); the options are
     * checked here already, before anything is built.
     */
    @Override
    public List<ServiceModule> services(Flags flags) {
        SinkParts.Settings settings = SinkParts.Settings.of(flags, Repository.root());
        return settings.has("stream") || settings.has("stream-cold") || settings.has("spark") ? List.of(ServiceModule.STREAM) : List.of();
    }

    @Override
    public int run(BenchRun run, Flags flags) throws Exception {
        SinkParts.Settings settings = SinkParts.Settings.of(flags, run.home());
        new SinkParts(run, settings).run();
        return 0;
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        SinkTables.print(results, out);
    }
}

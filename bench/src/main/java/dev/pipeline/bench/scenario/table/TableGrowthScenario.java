package dev.pipeline.bench.scenario.table;

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
 * {@code bench/run table-growth}: does the load get slower as user_events grows? A batch of rows loaded
 * by the stream service into a table preloaded with 10 M rows and into an empty one, then the
 * analytical queries on the big table. Ported from bench/table-growth-bench.sh; the steps are in
 * {@link TableGrowth}. Its results files keep the script's name: {@code table-<date>.json}.
 */
public final class TableGrowthScenario implements Scenario {

    @Override
    public String name() {
        return "table-growth";
    }

    @Override
    public String resultsName() {
        return "table";
    }

    @Override
    public String summary() {
        return "a 1M-row batch into a table of 10M rows vs an empty one; queries on the big table (~4 min)";
    }

    @Override
    public String options() {
        return """
                  --preload N         rows in the table before the measured load   (env BENCH_TABLE_PRELOAD, default 10000000)
                  --rows M            rows of the batch the stream service loads   (env BENCH_TABLE_ROWS, default 1000000)
                  --files F           files of that batch (one micro-batch)        (env BENCH_TABLE_FILES, default 100)
                  --span D            time the preload and the batch cover together, up to now; the batch is the
                                      newest M / (N + M) of it (168h = a week)      (env BENCH_TABLE_SPAN, default 168h)
                  --schema FILE       schema SQL of both databases instead of sql/postgres_setup.sql, relative to the
                                      repository                                   (env BENCH_SCHEMA)

                Disk: about 115 bytes of CSV per row (N + M) in a temporary folder, deleted as soon as it is loaded,
                and about 250 bytes per row in PostgreSQL (N + 2 M) until the databases are dropped at the end
                (BENCH_KEEP_DB=1 keeps them): 10 M rows = 1.2 GB of CSV and ~2.7 GB in PostgreSQL.
                STREAM_* variables in the environment reach the stream service; BENCH_JAVA_OPTS adds JVM options.
                A quick check: bench/run table-growth --preload 200000 --rows 50000
                """;
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of("--preload", "--rows", "--files", "--span", "--schema");
    }

    /** The stream service; the options are checked here already, before anything is built. */
    @Override
    public List<ServiceModule> services(Flags flags) {
        TableGrowth.Settings.of(flags, Repository.root());
        return List.of(ServiceModule.STREAM);
    }

    @Override
    public int run(BenchRun run, Flags flags) throws Exception {
        new TableGrowth(run, TableGrowth.Settings.of(flags, run.home())).run();
        return 0;
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        TableGrowthTables.print(results, out);
    }
}

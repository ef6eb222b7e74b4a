package dev.pipeline.bench.scenario.cluster;

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
 * {@code bench/run cluster}: what the sink costs on a Spark standalone cluster against Spark inside the
 * service, per core. The same rows are loaded by the packaged stream service once per mode: {@code local}
 * (the service runs the tasks itself) and {@code clusterWxC} (a master and W workers of C cores, the service
 * the driver); per mode rows/s and the CPU seconds of the driver, the executors, the cluster's daemons,
 * PostgreSQL and the whole machine over the load. Ported from bench/cluster-bench.sh; the modes run in
 * {@link ClusterRuns}.
 */
public final class ClusterScenario implements Scenario {

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String summary() {
        return "1M rows through the stream service with Spark in it (local[2]) vs as the driver of standalone clusters"
                + " (1x2, 2x1): rows/s and CPU per row of driver, executors, PostgreSQL (~5 min)";
    }

    @Override
    public String options() {
        return """
                  --modes LIST            local and/or clusterWxC (W workers of C cores each), in order
                                                       (env BENCH_CLUSTER_MODES, default local,cluster1x2,cluster2x1)
                  --rows N                rows loaded in each mode, the same CSV for all (env BENCH_CLUSTER_ROWS, default 1000000)
                  --files N               CSV files they are written in (N divides --rows) (env BENCH_CLUSTER_FILES, default 100)
                  --local-master M        STREAM_SPARK_MASTER of mode local      (env BENCH_CLUSTER_LOCAL_MASTER, default local[2])
                  --executor-memory SIZE  spark.executor.memory of the driver    (env BENCH_CLUSTER_EXECUTOR_MEMORY, default 1g)
                  --worker-memory SIZE    memory each worker offers             (env BENCH_CLUSTER_WORKER_MEMORY, default 1536m)
                  --spark-home DIR        a SPARK_HOME with jars/, relative to the repository (env BENCH_SPARK_HOME,
                                          default spark-home/target/spark-home, which
                                          ./mvnw -q -B -ntp -Pcluster package -pl spark-home makes: built here when missing,
                                          unless --no-build)

                STREAM_* variables in the environment reach the stream service, except STREAM_SPARK_MASTER, which the
                mode sets; BENCH_JAVA_OPTS adds JVM options to it (cluster modes add -Dspark.executor.memory). The
                cluster's ports are free ones the harness picks. PostgreSQL from PGHOST/PGPORT/PGUSER (default
                127.0.0.1:5432, postgres); databases bench_cluster_* are created and dropped (BENCH_KEEP_DB=1 keeps
                them). Waits for a quiet machine before each load (BENCH_QUIET_TIMEOUT).
                """;
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of("--modes", "--rows", "--files", "--local-master", "--executor-memory", "--worker-memory", "--spark-home");
    }

    /** The stream service; the options are checked here already, before anything is built. */
    @Override
    public List<ServiceModule> services(Flags flags) {
        ClusterSettings.of(flags, Repository.root());
        return List.of(ServiceModule.STREAM);
    }

    @Override
    public int run(BenchRun run, Flags flags) throws Exception {
        ClusterRuns runs = new ClusterRuns(run, ClusterSettings.of(flags, run.home()));
        runs.requireSparkHome(!flags.has("--no-build"));
        runs.run();
        return 0;
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        ClusterTables.print(results, out);
    }
}

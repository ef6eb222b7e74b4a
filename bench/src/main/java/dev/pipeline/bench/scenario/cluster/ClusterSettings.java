package dev.pipeline.bench.scenario.cluster;

import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.FlagValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The cluster scenario's options, checked. */
record ClusterSettings(List<ClusterMode> modes, int rows, int files, String localMaster, String executorMemory,
        String workerMemory, Path sparkHome) {

    /** Where {@code ./mvnw -Pcluster package -pl spark-home} puts a SPARK_HOME's jars/, relative to the repository. */
    static final String DEFAULT_SPARK_HOME = "spark-home/target/spark-home";

    static ClusterSettings of(Flags flags, Path home) {
        List<ClusterMode> modes = new ArrayList<>();
        for (String mode : FlagValues.setting(flags, "--modes", "BENCH_CLUSTER_MODES", "local,cluster1x2,cluster2x1").split("[, ]+")) {
            if (!mode.isEmpty()) {
                modes.add(ClusterMode.parse(mode));
            }
        }
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("--modes needs at least one mode");
        }
        int rows = FlagValues.positiveInt(flags, "--rows", "BENCH_CLUSTER_ROWS", 1_000_000);
        int files = FlagValues.positiveInt(flags, "--files", "BENCH_CLUSTER_FILES", 100);
        if (rows % files != 0) {
            throw new IllegalArgumentException("--files (" + files + ") must divide --rows (" + rows + ")");
        }
        String localMaster = FlagValues.setting(flags, "--local-master", "BENCH_CLUSTER_LOCAL_MASTER", "local[2]");
        ClusterMode.parse("local").sparkCores(localMaster);
        String executorMemory = FlagValues.setting(flags, "--executor-memory", "BENCH_CLUSTER_EXECUTOR_MEMORY", "1g");
        String workerMemory = FlagValues.setting(flags, "--worker-memory", "BENCH_CLUSTER_WORKER_MEMORY", "1536m");
        if (sizeMb(executorMemory) > sizeMb(workerMemory)) {
            throw new IllegalArgumentException("--executor-memory " + executorMemory + " does not fit into --worker-memory "
                    + workerMemory + ": no executor would start");
        }
        Path sparkHome = home.resolve(FlagValues.setting(flags, "--spark-home", "BENCH_SPARK_HOME", DEFAULT_SPARK_HOME)).normalize();
        return new ClusterSettings(List.copyOf(modes), rows, files, localMaster, executorMemory, workerMemory, sparkHome);
    }

    int rowsPerFile() {
        return rows / files;
    }

    boolean anyCluster() {
        return modes.stream().anyMatch(mode -> !mode.isLocal());
    }

    /** Megabytes in a Spark memory size ({@code 512m}, {@code 1g}, {@code 1536m}). */
    static long sizeMb(String size) {
        if (!size.matches("[0-9]+[mMgG]")) {
            throw new IllegalArgumentException("not a memory size: " + size + " (use e.g. 1g, 1536m)");
        }
        long number = Long.parseLong(size.substring(0, size.length() - 1));
        return size.toLowerCase(Locale.ROOT).endsWith("g") ? number * 1024 : number;
    }
}

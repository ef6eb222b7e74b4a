package dev.pipeline.bench.scenario.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.harness.spark.SparkStandaloneCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the executors logged: the ERROR and WARN lines of every executor's {@code stderr} (Spark's log4j
 * default, "yy/MM/dd HH:mm:ss LEVEL Class: message", in {@code <worker work dir>/<app id>/<executor id>/}),
 * less the "RECEIVED SIGNAL TERM" every executor logs as an ERROR when its worker stops it at the
 * application's end.
 */
final class ExecutorLogs {

    private static final int FIRST = 5;

    private ExecutorLogs() {
    }

    /**
     * The cluster modes' {@code executors} entry: {@code {count, app_cores, memory_per_executor_mb, workers,
     * log_errors, log_warnings, first_errors, first_warnings}}, from the logs and the window's end.
     */
    static ObjectNode summary(List<String> errors, List<String> warnings, CpuWindow.Reading end) {
        ObjectNode executors = BenchRun.JSON.createObjectNode();
        executors.set("count", end.executorCount() == null ? executors.nullNode() : executors.numberNode(end.executorCount()));
        ObjectNode master = end.master() == null ? BenchRun.JSON.createObjectNode() : (ObjectNode) end.master();
        executors.set("app_cores", orNull(master.path("app").path("cores")));
        executors.set("memory_per_executor_mb", master.path("app").hasNonNull("memoryperexecutor")
                ? master.path("app").get("memoryperexecutor") : orNull(master.path("app").path("memoryperslave")));
        executors.set("workers", orNull(master.path("workers")));
        executors.put("log_errors", errors.size());
        executors.put("log_warnings", warnings.size());
        executors.set("first_errors", first(errors));
        executors.set("first_warnings", first(warnings));
        return executors;
    }

    /** The lines of that level in every executor's stderr of the cluster's workers 1..workers. */
    static List<String> lines(SparkStandaloneCluster cluster, int workers, String level) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= workers; i++) {
            Path workDir = cluster.workDir(i);
            if (!Files.isDirectory(workDir)) {
                continue;
            }
            List<Path> stderrs;
            try (Stream<Path> files = Files.walk(workDir)) {
                stderrs = files.filter(file -> file.getFileName().toString().equals("stderr"))
                        .filter(file -> workDir.relativize(file).getNameCount() >= 3
                                && workDir.relativize(file).getName(0).toString().startsWith("app-"))
                        .sorted().toList();
            }
            for (Path stderr : stderrs) {
                lines.addAll(ofLevel(Files.readAllLines(stderr, StandardCharsets.ISO_8859_1), level));
            }
        }
        return lines;
    }

    /** The lines with {@code " LEVEL "} in them, less the TERM every executor gets at the application's end. */
    static List<String> ofLevel(List<String> lines, String level) {
        return lines.stream().filter(line -> line.contains(" " + level + " "))
                .filter(line -> !line.contains("RECEIVED SIGNAL TERM")).toList();
    }

    private static ArrayNode first(List<String> lines) {
        ArrayNode first = BenchRun.JSON.createArrayNode();
        lines.stream().filter(line -> !line.isEmpty()).limit(FIRST).forEach(first::add);
        return first;
    }

    private static JsonNode orNull(JsonNode node) {
        return node.isMissingNode() ? BenchRun.JSON.nullNode() : node;
    }
}

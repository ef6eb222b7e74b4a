package dev.pipeline.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.harness.KeptLogs;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.pipeline.PipelineHarness;
import dev.pipeline.harness.pipeline.PipelineHarness.Drained;
import dev.pipeline.harness.pipeline.PipelineHarness.Settings;
import dev.pipeline.harness.spark.SparkStandaloneCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream service as the driver of a real Spark 3.5.9 standalone cluster (a master and two
 * workers of 1 core each, started from the jars of the {@code spark-home} module), under load; one
 * worker is lost mid-stream (SIGKILL of the worker and its executor, as when a node dies). The stream
 * must go on committing on the remaining executor and, once drained, every acknowledged valid event
 * is in PostgreSQL exactly once, every invalid one quarantined, nothing lost.
 *
 * <p>Run with {@code ./mvnw -Pcluster verify -pl spark-home,launcher -am} once every service is packaged
 * ({@code ./mvnw verify}); not part of the default build. Logs are kept in {@code target/cluster/logs/}.
 */
class SparkClusterIT {

    private static final String APP = "stream-service";
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    /** The services', the cluster daemons' and the executors' logs outlive the temporary folder. */
    @AfterEach
    void keepLogs() throws IOException {
        Path kept = Path.of("target", "cluster", "logs");
        KeptLogs.keep(tmp.resolve("pipeline/logs"), kept.resolve("pipeline"));
        KeptLogs.keep(tmp.resolve("spark/logs"), kept.resolve("spark"));
        for (int worker = 1; worker <= 2; worker++) {
            KeptLogs.keep(tmp.resolve("spark/worker-" + worker), kept.resolve("spark/worker-" + worker));
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void streamKeepsCommittingWhenAWorkerIsLostAndDeliversEveryEventOnce() throws Exception {
        Path sparkHome = Path.of(System.getProperty("spark.home.dir", "../spark-home/target/spark-home"));
        try (SparkStandaloneCluster cluster = SparkStandaloneCluster.start(sparkHome, tmp.resolve("spark"), 2)) {
            Settings settings = Settings.of(tmp.resolve("pipeline")).withRate(1000).withStreamEnvironment(Map.of(
                    "STREAM_SPARK_MASTER", cluster.masterUrl(),
                    // The driver's address, which the executors connect back to; Spark's default is the
                    // machine's first non-loopback address.
                    "SPARK_LOCAL_IP", "127.0.0.1"));
            try (PipelineHarness pipeline = PipelineHarness.start(settings)) {
                // On the cluster, not local mode in disguise: the master granted the app both workers' cores.
                await("the master lists " + APP + " with 2 cores").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> cluster.activeApp(APP).path("cores").asInt() == 2);
                assertThat(cluster.aliveWorkers()).as("ALIVE workers").isEqualTo(2);

                pipeline.awaitFlowing();
                long flowing = lastBatchId(pipeline);
                // A few batches on both executors before the loss.
                awaitBatchesAfter(pipeline, flowing, 3, Duration.ofSeconds(60));
                // The node is lost in the middle of a task (its executor's log says it started one and has
                // not finished it): the driver must run that part of the batch again on the other executor.
                await("a task running on worker 1's executor").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> !ExecutorLog.of(cluster.workDir(1)).running().isEmpty());
                long beforeKill = lastBatchId(pipeline);
                cluster.killWorker(1);
                Map<String, String> cutShort = ExecutorLog.of(cluster.workDir(1)).running();
                long killed = System.nanoTime();
                await("the master sees worker 1 lost").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500)).until(() -> cluster.aliveWorkers() == 1);
                awaitBatchesAfter(pipeline, beforeKill, 3, Duration.ofMinutes(3));
                await("stream ready after the loss").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                        .until(() -> pipeline.isReady(ServiceModule.STREAM));
                double recovered = (System.nanoTime() - killed) / 1e9;
                long afterKill = lastBatchId(pipeline);
                JsonNode master = cluster.masterJson();

                Drained drained = pipeline.drain(DRAIN_TIMEOUT);
                ExecutorLog lost = ExecutorLog.of(cluster.workDir(1));
                ExecutorLog survivor = ExecutorLog.of(cluster.workDir(2));
                System.out.printf("spark cluster: acked %,d events; worker 1 killed after batch %d with task(s) %s"
                                + " running on its executor; batch %d committed %.1f s after the kill; tasks finished"
                                + " on worker 1 %d, on worker 2 %d (%d of them re-run attempts); drained in %.1f s;"
                                + " lost %d%n",
                        drained.acked(), beforeKill, cutShort.values(), afterKill, recovered, lost.finished().size(),
                        survivor.finished().size(), survivor.retries(), drained.drainTime().toMillis() / 1000.0,
                        drained.lost());

                assertThat(master.path("aliveworkers").asInt()).as("ALIVE workers after the kill").isEqualTo(1);
                assertThat(afterKill - beforeKill).as("batches committed after the kill").isGreaterThanOrEqualTo(3);
                drained.assertDelivered();
                // The batches ran on the executors, and the one left after the loss went on running them.
                assertThat(survivor.finished()).as("tasks finished by the surviving worker's executor").isNotEmpty();
            }
        }
    }

    private static long lastBatchId(PipelineHarness pipeline) throws IOException, InterruptedException {
        return pipeline.json(ServiceModule.STREAM, "/lag").path("last_batch_id").asLong();
    }

    /** Waits until {@code count} batches have committed after batch {@code after}. */
    private static void awaitBatchesAfter(PipelineHarness pipeline, long after, int count, Duration timeout) {
        await(count + " batches committed after batch " + after).atMost(timeout).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> lastBatchId(pipeline) >= after + count);
    }

    /**
     * What the executors of one worker logged about their tasks, from their {@code stderr}
     * ({@code <work dir>/<app id>/<executor id>/stderr}, Spark's default log4j2 setup, INFO):
     * {@code Running task 1.0 in stage 5.0 (TID 10)} when a task starts; {@code Finished task 1.0 in
     * stage 5.0 (TID 10). 2337 bytes result sent to driver}, {@code Exception in task …} or
     * {@code Executor killed task …} when it ends. The number after the task's dot is the attempt,
     * above 0 for a task run again.
     *
     * @param running the tasks started and not ended, by TID ({@code "1.0 in stage 5.0"})
     * @param finished the tasks finished, in order
     */
    private record ExecutorLog(Map<String, String> running, List<String> finished) {

        private static final Pattern TASK = Pattern.compile(
                "(Running|Finished|Exception in|Executor killed) task (\\d+\\.\\d+ in stage \\S+) \\(TID (\\d+)\\)");

        static ExecutorLog of(Path workDir) throws IOException {
            Map<String, String> running = new LinkedHashMap<>();
            List<String> finished = new ArrayList<>();
            List<Path> logs;
            try (Stream<Path> files = Files.walk(workDir)) {
                logs = files.filter(f -> f.getFileName().toString().equals("stderr")).toList();
            }
            for (Path log : logs) {
                for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                    Matcher task = TASK.matcher(line);
                    if (!task.find()) {
                        continue;
                    }
                    switch (task.group(1)) {
                        case "Running" -> running.put(task.group(3), task.group(2));
                        case "Finished" -> {
                            running.remove(task.group(3));
                            finished.add(task.group(2));
                        }
                        default -> running.remove(task.group(3));
                    }
                }
            }
            return new ExecutorLog(running, finished);
        }

        /** Finished tasks that were a later attempt: run again after an earlier attempt was lost. */
        long retries() {
            return finished.stream().filter(task -> !task.matches("\\d+\\.0 .*")).count();
        }
    }
}

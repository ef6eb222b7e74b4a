package dev.pipeline.stream.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings of the stream service ({@code STREAM_*}). */
@ConfigMapping(prefix = "stream")
public interface StreamConfig {

    /** Spark master: {@code local[*]} runs Spark inside this process; {@code spark://host:7077} uses a cluster. */
    @WithDefault("local[*]")
    String sparkMaster();

    /**
     * How often a micro-batch starts (when the previous one is done). 250 ms with the collector's 200 ms
     * roll: p50 0.35 s, p99 0.6 s at 10,000 events/s; an idle trigger costs ~4 ms of CPU (BENCHMARKS.md).
     * It was 1s, when each batch's checkpoint writes alone took 270 ms.
     */
    @WithDefault("250ms")
    Duration triggerInterval();

    /**
     * Most files one micro-batch takes, so a backlog is worked off in bounded batches. Spark 3.5's file
     * source has no bytes bound ({@code maxBytesPerTrigger} came with Spark 4.0), so a batch's bytes are
     * bounded by this times the collector's {@code collector.roll-max-bytes} (32 MiB): 200 files hold at
     * most 6.25 GiB, and at the usual file sizes (1–2 MB at 50,000 events/s) about 300 MB. The memory a
     * batch needs does not grow with it: each Spark task holds one partition of files
     * ({@code spark.sql.files.maxPartitionBytes}, 32 MiB, or one file when bigger), two at a time on two cores.
     */
    @WithDefault("200")
    int maxFilesPerTrigger();

    /**
     * Files older than this (by modification time, relative to the newest file seen) are forgotten by
     * the file source's bookkeeping in memory, which keeps it small (its log in the checkpoint keeps
     * them: {@link #checkpointRotateBytes()} bounds that). Files waiting in {@code raw/} are touched
     * well before they reach this age, so none is ever skipped.
     */
    @WithDefault("1h")
    Duration maxFileAge();

    /**
     * When the query's checkpoint reaches this many bytes, the query is started again on a fresh
     * one (between batches, nothing lost or loaded twice): Spark's file source log keeps every file
     * ever read, so without this the checkpoint grows for as long as the query runs. 0 never.
     */
    @WithDefault("1048576")
    long checkpointRotateBytes();

    /** First wait before a failed batch (PostgreSQL down) is tried again; doubles up to {@link #retryMaxBackoff()}. */
    @WithDefault("500ms")
    Duration retryInitialBackoff();

    @WithDefault("15s")
    Duration retryMaxBackoff();

    /** Window over which {@code /lag} reports end-to-end latency percentiles. */
    @WithDefault("60s")
    Duration latencyWindow();

    /** Spark's web UI (port 4040 by default); off unless asked for. */
    @WithDefault("false")
    boolean sparkUi();

    /**
     * In cluster mode, the jar the executors load this service's code from (the partition loader, the
     * event model, the PostgreSQL driver). By default {@code executor/stream-executor.jar} beside
     * {@code quarkus-run.jar}, where the build puts it. Not used in local mode.
     */
    Optional<String> executorJar();

    /** Any Spark setting, passed straight to {@code SparkConf}: {@code stream.spark-conf."spark.executor.memory"=2g}. */
    Map<String, String> sparkConf();
}

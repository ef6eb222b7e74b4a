package dev.pipeline.bench.scenario.e2e;

import static dev.pipeline.bench.scenario.JqFigures.number;
import static dev.pipeline.bench.scenario.JqFigures.round;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.harness.FolderSize;
import dev.pipeline.harness.JvmHeap;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.proc.PeriodicSampler;
import dev.pipeline.harness.proc.ProcStat;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The soak's reading of the whole pipeline, taken on a fixed schedule while the rate client runs:
 * the stream's {@code /lag} ({@link LagSampler#of}), what the data folder holds, the table, and each
 * service's memory. Nothing it reads disturbs the services: no forced GC, no attach. One sample:
 *
 * <ul>
 *   <li>the fields of {@link LagSampler#of}: {@code epoch_ms, pending_files, pending_bytes,
 *       oldest_pending_age_ms, last_batch_duration_ms, processed_rows_per_second, e2e_p50_ms, e2e_p99_ms};
 *   <li>{@code <folder>_bytes}, {@code <folder>_files} for {@code raw}, {@code processed}, {@code error},
 *       {@code checkpoints} ({@link FolderSize}: apparent sizes, directories included);
 *   <li>{@code table_bytes}: {@code pg_total_relation_size('user_events')}, indexes and TOAST included;
 *   <li>{@code <service>_rss_mb} ({@code VmRSS}) and from its {@code /q/metrics} ({@link JvmHeap})
 *       {@code <service>_heap_used_mb}, {@code _heap_committed_mb}, {@code _heap_after_gc_mb}, for
 *       {@code collector} and {@code stream}.
 * </ul>
 *
 * A figure that cannot be read (a service not answering, the database busy) is null; the others are kept.
 */
final class SoakSampler {

    static final List<String> FOLDERS = List.of("raw", "processed", "error", "checkpoints");

    private SoakSampler() {
    }

    /** Reads the pipeline from {@code firstEpochMs} on, every {@code every}, until closed. */
    static PeriodicSampler<ObjectNode> start(RatePipeline pipeline, long firstEpochMs, Duration every) {
        return PeriodicSampler.start("soak-sampler", firstEpochMs, every, () -> true, () -> read(pipeline));
    }

    /** One reading, now. */
    static ObjectNode read(RatePipeline pipeline) throws InterruptedException {
        ObjectNode sample = LagSampler.of(System.currentTimeMillis(), RateStep.lag(pipeline.stream()));
        for (String folder : FOLDERS) {
            try {
                FolderSize size = FolderSize.of(pipeline.data().resolve(folder));
                sample.put(folder + "_bytes", size.bytes());
                sample.put(folder + "_files", size.files());
            } catch (IOException e) {
                sample.putNull(folder + "_bytes");
                sample.putNull(folder + "_files");
            }
        }
        try {
            sample.put("table_bytes", pipeline.run().postgres().number(pipeline.database(),
                    "SELECT pg_total_relation_size('user_events')"));
        } catch (SQLException e) {
            sample.putNull("table_bytes");
        }
        memory(sample, "collector", pipeline.collector());
        memory(sample, "stream", pipeline.stream());
        return sample;
    }

    private static void memory(ObjectNode sample, String name, PackagedService service) throws InterruptedException {
        ProcStat.Rss rss = ProcStat.rss(service.pid());
        sample.set(name + "_rss_mb", rss.mb() > 0 ? number(round(rss.mb(), 1)) : null);
        JvmHeap heap;
        try {
            heap = service.heap();
        } catch (IOException e) {
            heap = null;
        }
        sample.set(name + "_heap_used_mb", heap == null ? null : number(round(heap.usedMb(), 1)));
        sample.set(name + "_heap_committed_mb", heap == null ? null : number(round(heap.committedMb(), 1)));
        sample.set(name + "_heap_after_gc_mb", heap == null || heap.afterGcMb() == null ? null
                : number(round(heap.afterGcMb(), 1)));
    }
}

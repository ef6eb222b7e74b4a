package dev.pipeline.bench.scenario.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.harness.StartupException;
import org.junit.jupiter.api.Test;

class StreamLoadTest {

    private static final StreamLoad.Measured MEASURED = new StreamLoad.Measured(1_000_000, 5982, 1_000_000, 1_011_905, 9.65,
            1.82, 567, 2065, 2065, 20_000, 1);

    private static ObjectNode batch(ArrayNode log, long id, long rows, long progressMs, long triggerMs, long committedMs, long loadMs) {
        ObjectNode batch = log.addObject();
        batch.put("batch", id);
        batch.put("rows", rows);
        batch.put("progress_epoch_ms", progressMs);
        batch.put("trigger_ms", triggerMs);
        batch.put("committed_epoch_ms", committedMs);
        batch.put("load_ms", loadMs);
        return batch;
    }

    @Test
    void timesFromTheFirstBatchStartAfterTheWarmUpToTheLastCommit() {
        ArrayNode log = BenchRun.JSON.createArrayNode();
        batch(log, 0, 20_000, 500, 400, 450, 300); // the warm-up
        batch(log, 1, 0, 900, 10, -1, -1); // an empty trigger: not a batch of the load
        batch(log, 2, 600_000, 8_000, 7_000, 7_990, 6_500);
        batch(log, 3, 400_000, 12_000, 4_000, 11_931, 3_800);

        ObjectNode figures = StreamLoad.figures(log, 1, MEASURED);

        assertThat(figures.get("batches").asInt()).isEqualTo(2);
        assertThat(figures.get("first_batch_start_epoch_ms").asLong()).isEqualTo(1_000);
        assertThat(figures.get("last_commit_epoch_ms").asLong()).isEqualTo(11_931);
        assertThat(figures.get("seconds").asDouble()).isEqualTo(10.931);
        assertThat(figures.get("rows_per_sec").asLong()).isEqualTo(91_482);
        assertThat(figures.get("load_ms_total").asLong()).isEqualTo(10_300);
        assertThat(figures.get("publish_to_all_committed_s").asDouble()).isEqualTo(11.905);
        assertThat(figures.get("batch_log")).hasSize(2);
        assertThat(figures.get("batch_log").get(0).get("batch").asInt()).isEqualTo(2);
    }

    @Test
    void aLogWithoutTheLoadsBatchesIsAnError() {
        ArrayNode log = BenchRun.JSON.createArrayNode();
        batch(log, 0, 20_000, 500, 400, 450, 300);
        assertThatThrownBy(() -> StreamLoad.figures(log, 1, MEASURED)).isInstanceOf(StartupException.class);
    }
}

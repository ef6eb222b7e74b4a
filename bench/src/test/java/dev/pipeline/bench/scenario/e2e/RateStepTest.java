package dev.pipeline.bench.scenario.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import org.junit.jupiter.api.Test;

class RateStepTest {

    private static ArrayNode batches() {
        ArrayNode batches = BenchRun.JSON.createArrayNode();
        long[][] rows = {
            // files, rows, trigger_ms, load_ms
            {2, 1200, 300, 100}, {1, 600, 200, 80}, {0, 0, 50, -1}, {3, 1800, 900, 400}, {2, 1000, 400, 150}};
        for (int i = 0; i < rows.length; i++) {
            ObjectNode batch = batches.addObject();
            batch.put("batch", 10 + i).put("files", rows[i][0]).put("rows", rows[i][1]).put("trigger_ms", rows[i][2])
                    .put("load_ms", rows[i][3]).put("latest_offset_ms", 5).put("add_batch_ms", 7).put("wal_commit_ms", 3)
                    .put("commit_offsets_ms", 4);
        }
        return batches;
    }

    @Test
    void summarisesTheBatchesOfAStepAsTheScriptDid() {
        ObjectNode figures = RateStep.batchFigures(batches(), 3.0);

        assertThat(figures.path("count").asInt()).isEqualTo(5);
        assertThat(figures.path("with_data").asInt()).isEqualTo(4);
        assertThat(figures.path("per_sec").asDouble()).isEqualTo(1.67);
        assertThat(figures.path("files_per_sec").asDouble()).isEqualTo(2.7);
        // rows and load over the batches with data only; trigger over all of them
        assertThat(figures.path("rows_per_batch_p50").asLong()).isEqualTo(1000);
        assertThat(figures.path("load_ms_p50").asLong()).isEqualTo(100);
        assertThat(figures.path("load_ms_p99").asLong()).isEqualTo(150);
        assertThat(figures.path("trigger_ms_p50").asLong()).isEqualTo(300);
        assertThat(figures.path("trigger_ms_p99").asLong()).isEqualTo(400);
    }

    @Test
    void noBatchesGiveNullPercentiles() {
        ObjectNode figures = RateStep.batchFigures(BenchRun.JSON.createArrayNode(), 10);

        assertThat(figures.path("count").asInt()).isZero();
        assertThat(figures.path("per_sec").asDouble()).isZero();
        assertThat(figures.path("trigger_ms_p50").isNull()).isTrue();
    }
}

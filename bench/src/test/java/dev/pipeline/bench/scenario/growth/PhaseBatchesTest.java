package dev.pipeline.bench.scenario.growth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import org.junit.jupiter.api.Test;

class PhaseBatchesTest {

    @Test
    void showsTheBatchesThatCompactTheSourceLogApart() {
        ArrayNode logged = BenchRun.JSON.createArrayNode();
        // batch id, rows, trigger_ms: 9 and 19 compact the log ((id + 1) % 10 == 0); 12 had no rows
        long[][] batches = {{8, 1000, 200}, {9, 1000, 900}, {10, 1000, 210}, {11, 1000, 205}, {12, 0, 20}, {19, 1000, 1001}};
        for (long[] b : batches) {
            logged.addObject().put("batch", b[0]).put("files", 1).put("rows", b[1]).put("trigger_ms", b[2]).put("add_batch_ms", 100);
        }

        ObjectNode phase = PhaseBatches.of(logged, 10);

        assertThat(phase.path("all").path("batches").asInt()).isEqualTo(5);
        assertThat(phase.path("all").path("rows").asLong()).isEqualTo(5000);
        assertThat(phase.path("all").path("trigger_ms_p50").asLong()).isEqualTo(210);
        assertThat(phase.path("all").path("trigger_ms_p90").asLong()).isEqualTo(900);
        assertThat(phase.path("all").path("trigger_ms_max").asLong()).isEqualTo(1001);
        // (200 + 900 + 210 + 205 + 1001) / 5 = 503.2
        assertThat(phase.path("all").path("trigger_ms_mean").toString()).isEqualTo("503");
        assertThat(phase.path("compaction").path("batches").asInt()).isEqualTo(2);
        assertThat(phase.path("compaction").path("trigger_ms_p50").asLong()).isEqualTo(900);
        assertThat(phase.path("without_compaction").path("batches").asInt()).isEqualTo(3);
        assertThat(phase.path("without_compaction").path("trigger_ms_max").asLong()).isEqualTo(210);
        assertThat(phase.path("batch_log").size()).isEqualTo(5);
    }

    @Test
    void aPhaseWithoutBatchesHasNullFigures() {
        ObjectNode phase = PhaseBatches.of(BenchRun.JSON.createArrayNode(), 10);

        assertThat(phase.path("all").path("batches").asInt()).isZero();
        assertThat(phase.path("all").path("files").isNull()).isTrue();
        assertThat(phase.path("all").path("trigger_ms_max").isNull()).isTrue();
        assertThat(phase.path("all").path("trigger_ms_mean").isNull()).isTrue();
    }
}

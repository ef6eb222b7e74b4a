package dev.pipeline.bench.scenario.growth;

import static dev.pipeline.bench.scenario.JqFigures.number;
import static dev.pipeline.bench.scenario.JqFigures.pct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.JqFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The batch times of one phase of the growth benchmark (its batches with rows, from {@code BatchLog}),
 * as the former growth-bench.sh's jq summarised them: all of them, and apart the batches that compact the file
 * source's log (every {@code interval}-th: the log is compacted when (batch id + 1) %
 * spark.sql.streaming.fileSource.log.compactInterval == 0) and the others.
 */
final class PhaseBatches {

    private PhaseBatches() {
    }

    /** {@code {all, without_compaction, compaction, batch_log}}. */
    static ObjectNode of(ArrayNode logged, int interval) {
        List<JsonNode> withRows = new ArrayList<>();
        logged.forEach(batch -> {
            if (batch.path("rows").asLong() > 0) {
                withRows.add(batch);
            }
        });
        Predicate<JsonNode> compacts = batch -> (batch.path("batch").asLong() + 1) % interval == 0;
        ObjectNode phase = BenchRun.JSON.createObjectNode();
        phase.set("all", summary(withRows));
        phase.set("without_compaction", summary(withRows.stream().filter(compacts.negate()).toList()));
        phase.set("compaction", summary(withRows.stream().filter(compacts).toList()));
        phase.putArray("batch_log").addAll(withRows);
        return phase;
    }

    private static ObjectNode summary(List<JsonNode> batches) {
        ObjectNode summary = BenchRun.JSON.createObjectNode();
        summary.put("batches", batches.size());
        summary.set("files", sum(batches, "files"));
        summary.set("rows", sum(batches, "rows"));
        List<Long> trigger = values(batches, "trigger_ms");
        summary.set("trigger_ms_p50", number(pct(trigger, 0.5)));
        summary.set("trigger_ms_p90", number(pct(trigger, 0.9)));
        summary.set("trigger_ms_max", number(trigger.stream().max(Long::compare).orElse(null)));
        summary.set("trigger_ms_mean", trigger.isEmpty() ? NullNode.getInstance()
                : number(JqFigures.round(trigger.stream().mapToLong(Long::longValue).sum() / (double) trigger.size())));
        for (String figure : List.of("latest_offset_ms", "add_batch_ms", "load_ms", "wal_commit_ms", "commit_offsets_ms",
                "query_planning_ms", "get_batch_ms")) {
            summary.set(figure + "_p50", number(pct(values(batches, figure), 0.5)));
        }
        return summary;
    }

    /** jq's {@code map(.x) | add}: null for no batches. */
    private static JsonNode sum(List<JsonNode> batches, String field) {
        return batches.isEmpty() ? NullNode.getInstance()
                : number(batches.stream().mapToLong(b -> b.path(field).asLong()).sum());
    }

    private static List<Long> values(List<JsonNode> batches, String field) {
        return batches.stream().map(b -> b.path(field).asLong()).toList();
    }
}

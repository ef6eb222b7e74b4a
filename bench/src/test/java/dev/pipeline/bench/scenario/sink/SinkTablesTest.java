package dev.pipeline.bench.scenario.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.BenchRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SinkTablesTest {

    @Test
    void namesTheIndexesAPlanScans() {
        String plan = "Limit  (cost=1..2)\n  ->  Index Scan Backward using user_events_user_id_event_timestamp on user_events  (cost=1..2)\n"
                + "  ->  Bitmap Index Scan on user_events_event_timestamp_brin  (cost=0..1)\n"
                + "  ->  Bitmap Index Scan on user_events_event_timestamp_brin  (cost=0..1)";
        assertThat(SinkTables.indexesInPlan(plan)).isEqualTo(
                "Bitmap Index Scan on user_events_event_timestamp_brin, Index Scan Backward using user_events_user_id_event_timestamp");
        assertThat(SinkTables.indexesInPlan("Seq Scan on user_events  (cost=0..1)")).isEqualTo("none (Seq Scan)");
    }

    @Test
    void secondaryIndexesLeaveOutThePrimaryKeyAndTheUniqueEventId() throws Exception {
        JsonNode indexes = BenchRun.JSON.readTree("""
                [{"index": "user_events_pkey", "definition": "btree (id)", "mb": 21.4},
                 {"index": "user_events_event_id_key", "definition": "btree (event_id)", "mb": 56.3},
                 {"index": "user_events_user_id", "definition": "btree (user_id)", "mb": 7.04}]""");
        assertThat(SinkTables.secondaryIndexes(indexes)).isEqualTo("btree (user_id)");
        assertThat(SinkTables.indexMb(indexes)).isEqualTo(84.7);
        assertThat(SinkTables.secondaryIndexes(BenchRun.JSON.createArrayNode())).isEqualTo("-");
    }

    @Test
    void printsTheLoadsWithTheirRatioToPsql() throws Exception {
        JsonNode results = BenchRun.JSON.readTree("""
                {"scenario": "sink", "date": "2026-11-26T09:43:32Z", "git_commit": "b9ea6df", "git_dirty": true,
                 "machine": {"nproc": 2, "mem_total_mb": 24105, "postgres": "15.20", "shared_buffers": "128MB", "loadavg_at_start": "0.74"},
                 "data": {"rows": 1000000, "files": 100, "ids": "uuid7", "users": 50000, "products": 5000, "span_s": 86400},
                 "psql": {"seconds": 9.118, "rows": 1000000, "rows_per_sec": 109673, "machine_cores_busy": 1.02},
                 "stream": {"rows": 1000000, "seconds": 10.931, "rows_per_sec": 91482, "machine_cores_busy": 1.82, "ready_ms": 5982,
                            "batch_log": [{"batch": 1, "files": 100, "rows": 1000000, "load_ms": 10580, "trigger_ms": 10954}]},
                 "ratios": {"stream_over_psql": 0.83, "stream_over_spark_jdbc": null}}""");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SinkTables.print(results, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertThat(text).startsWith("sink bench 2026-11-26T09:43:32Z, commit b9ea6df (uncommitted changes), 2 cores, 24105 MiB, "
                + "15.20 shared_buffers 128MB, load at start 0.74\n");
        assertThat(text).contains("1000000 rows in 100 files, uuid7 event ids, 50000 users, 5000 products, timestamps over 24 h");
        assertThat(text).containsPattern("\\(a\\) stream-service\\s+1000000\\s+10.931\\s+91482\\s+0.83\\s+1.82");
        assertThat(text).contains("stream/psql 0.83, stream/spark-jdbc -; stream: ready in 5982 ms");
        assertThat(text).containsPattern("1\\s+100\\s+1000000\\s+10580\\s+10954");
        assertThat(text).doesNotContain("(c) Spark");
    }
}

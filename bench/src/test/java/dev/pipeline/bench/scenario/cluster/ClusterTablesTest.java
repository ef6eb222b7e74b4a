package dev.pipeline.bench.scenario.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.BenchRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClusterTablesTest {

    @Test
    void comparesEachModeWithLocal() throws Exception {
        JsonNode results = BenchRun.JSON.readTree("""
                {"date": "2026-11-26T11:12:32Z", "git_commit": "b274757", "git_dirty": false,
                 "machine": {"nproc": 2, "mem_total_mb": 24152},
                 "settings": {"warmup_rows": 20000, "warmup_files": "2 per spark core", "executor_memory": "1g", "worker_memory": "1536m"},
                 "data": {"rows": 1000000, "files": 100},
                 "runs": [
                   {"mode": "local", "spark_cores": 2, "rows_per_sec": 80000, "cpu_s": {"driver": 10.82, "executors": null},
                    "cpu_cores": {"driver": 0.77, "executors": null, "machine": 1.8}, "executors": null, "driver_log_errors": 0,
                    "window_s": 14.017, "stream": {"batches": 1, "seconds": 12.893, "rss_peak_mb": 1859}},
                   {"mode": "cluster2x1", "spark_cores": 2, "rows_per_sec": 72000, "cpu_s": {"driver": 1.36, "executors": 12.88},
                    "cpu_cores": {"driver": 0.09, "executors": 0.86, "machine": 1.86}, "driver_log_errors": 0, "window_s": 14.98,
                    "executors": {"count": 2, "app_cores": 2, "log_errors": 1, "log_warnings": 2, "first_errors": ["boom"]},
                    "stream": {"batches": 1, "seconds": 14.062, "rss_peak_mb": 358}}]}""");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ClusterTables.print(results, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertThat(text).startsWith("cluster bench 2026-11-26T11:12:32Z, commit b274757, 2 cores, 24152 MiB, PostgreSQL ? shared_buffers ?");
        assertThat(text).contains("1000000 rows in 100 files per mode (+ 20000 warm-up rows in 2 per spark core files first, not counted)");
        assertThat(text).containsPattern("cluster2x1\\s+2\\s+72000\\s+-\\s+0.9\\s+1.36\\s+12.88");
        assertThat(text).contains("local: 1 batches, 12.893 s first batch start -> last commit, window 14.017 s; cores: driver 0.77,"
                + " executors -, postgres -, other -; driver log 0 ERROR lines; RSS driver peak 1859 MB");
        assertThat(text).contains("; 2 executor(s), 2 cores granted, executor log: 1 ERROR / 2 WARN lines;");
        assertThat(text).endsWith("cluster2x1 executor errors (first):\n  boom\n");
    }
}

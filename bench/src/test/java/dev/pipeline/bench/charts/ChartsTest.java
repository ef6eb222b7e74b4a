package dev.pipeline.bench.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    private static final String HEAD = """
            "date": "2026-01-02T03:04:05Z", "git_commit": "abc1234", "machine": {"nproc": 2},
            "some_future_field": {"x": [1, 2]},""";

    @Test
    void drawsEveryChartFromTinyResults(@TempDir Path dir) throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        write(results, "e2e-2026-01-02T030405Z.json", """
                {%s "configs": [{"collector_roll_interval": "500ms", "stream_trigger_interval": "1s", "steps": [
                  {"rate": 1000, "table_latency_ms": {"p50": 400, "p99": 900, "upper_p50": 500, "upper_p99": 1000}},
                  {"rate": 5000, "table_latency_ms": {"p50": 450, "p99": 950, "upper_p50": 600, "upper_p99": 1200}}]}],
                 "sustain": {"rate": 5000, "duration_s": 60, "flat": true,
                  "lag_samples": [{"t_s": 0, "pending_files": 1, "oldest_pending_age_ms": 300},
                                  {"t_s": 5, "pending_files": 2, "oldest_pending_age_ms": 500}]}}""");
        // An older file of the same scenario, which must not be the one charted.
        write(results, "e2e-2025-01-01T000000Z.json", "not JSON at all");
        write(results, "collector-2026-01-02T030405Z.json", """
                {%s "settings": {"batch": 500}, "runs": [
                  {"fsync": true, "connections": 1, "client": {"events_per_sec": 100000, "latency_ms": {"p50": 2, "p99": 9}}},
                  {"fsync": false, "connections": 8, "client": {"events_per_sec": 300000, "latency_ms": {"p50": 7, "p99": 40}}}]}""");
        write(results, "sink-2026-01-02T030405Z.json", """
                {%s "stream": {"rows_per_sec": 20000}, "psql": {"rows_per_sec": 50000},
                 "spark_jdbc": {"rows_per_sec": 18000},
                 "index_variants": [{"variant": "a", "rows_per_sec": 90000, "indexes": [{"mb": 50}]},
                                    {"variant": "b", "rows_per_sec": 40000}]}""");
        write(results, "growth-2026-01-02T030405Z.json", """
                {%s "settings": {"files": 1000}, "before": {"all": {"trigger_ms_p50": 400, "trigger_ms_p90": 500,
                 "trigger_ms_mean": 420}}, "after": {"all": {"trigger_ms_p50": 410, "trigger_ms_p90": 520}},
                 "table": {"empty": {"rows_per_sec": 50000}, "preloaded": {"rows_per_sec": 45000}}}""");
        write(results, "startup-2026-01-02T030405Z.json", """
                {%s "services": {"collector": {"runs": [{"ready_ms": 2000, "rss_ready_mb": 150, "rss_idle_mb": 151}]},
                 "stream": {"runs": [{"ready_ms": 8000, "rss_ready_mb": 300}, {"ready_ms": 7000}]}}}""");
        write(results, "soak-2026-01-02T030405Z.json", """
                {%s "scenario": "soak", "soak": {"rate": 5000, "duration_s": 180, "processed_retention_s": 60, "lost": 0,
                 "processed": {"bound_bytes": 90000000, "bounded": true}, "heap_max_mb": {"collector": 6028, "stream": 6028},
                 "verdicts": {"rss_flat": true, "lag_flat": true, "checkpoints_flat": false, "processed_bounded": true},
                 "samples": [
                  {"t_s": 0, "raw_bytes": 1000, "processed_bytes": 0, "error_bytes": 0, "checkpoints_bytes": 40000,
                   "table_bytes": 100000, "collector_rss_mb": 300, "collector_heap_after_gc_mb": null, "stream_rss_mb": 900,
                   "stream_heap_after_gc_mb": 120, "pending_files": 1, "oldest_pending_age_ms": 600, "e2e_p99_ms": null},
                  {"t_s": 90, "raw_bytes": 2000, "processed_bytes": 55000000, "error_bytes": 0, "checkpoints_bytes": 90000,
                   "table_bytes": 120000000, "collector_rss_mb": 320, "collector_heap_after_gc_mb": 40, "stream_rss_mb": 950,
                   "stream_heap_after_gc_mb": 160, "pending_files": 2, "oldest_pending_age_ms": 900, "e2e_p99_ms": 1400}]}}""");
        Path out = dir.resolve("out");

        assertThat(Charts.run(results, out)).isZero();

        assertThat(pngs(out)).containsExactlyInAnyOrder("e2e-latency-vs-rate.png", "e2e-sustain-lag.png",
                "collector-throughput-vs-connections.png", "collector-latency-vs-connections.png",
                "sink-vs-references.png", "sink-index-variants.png", "growth-batch-time.png",
                "growth-table-ingest.png", "startup.png", "soak-disk.png", "soak-memory.png", "soak-lag.png");
        BufferedImage image = ImageIO.read(out.resolve("e2e-latency-vs-rate.png").toFile());
        assertThat(image.getWidth()).isEqualTo(ChartStyle.WIDTH);
        assertThat(image.getHeight()).isEqualTo(ChartStyle.HEIGHT);
    }

    @Test
    void skipsWhatIsMissing(@TempDir Path dir) throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        // The old startup shape (runs of the stream service only), and a file of the former table-growth script.
        write(results, "startup-2026-01-02T030405Z.json", """
                {%s "runs": [{"ready_ms": 8000, "rss_ready_mb": 300, "rss_idle_mb": 305}]}""");
        write(results, "table-2026-01-02T030405Z.json", """
                {%s "settings": {"rows": 1000}, "table": {"preloaded_rows": 10000000,
                 "empty": {"rows_per_sec": 50000}, "preloaded": {"rows_per_sec": 45000}}}""");
        Path out = dir.resolve("out");

        assertThat(Charts.run(results, out)).isZero();

        assertThat(pngs(out)).containsExactlyInAnyOrder("startup.png", "growth-table-ingest.png");
    }

    @Test
    void drawsTheSustainChartFromASustainFileAndTheLatencyFromTheE2eFile(@TempDir Path dir) throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        write(results, "e2e-2026-01-03T030405Z.json", """
                {%s "configs": [{"collector_roll_interval": "500ms", "stream_trigger_interval": "1s", "steps": [
                  {"rate": 1000, "table_latency_ms": {"p50": 400, "p99": 900, "upper_p50": 500, "upper_p99": 1000}}]}]}""");
        write(results, "sustain-2026-01-02T030405Z.json", """
                {%s "scenario": "sustain", "sustain": {"rate": 5000, "duration_s": 60, "flat": true,
                  "lag_samples": [{"t_s": 0, "pending_files": 1, "oldest_pending_age_ms": 300}]}}""");
        Path out = dir.resolve("out");

        assertThat(Charts.run(results, out)).isZero();

        assertThat(pngs(out)).containsExactlyInAnyOrder("e2e-latency-vs-rate.png", "e2e-sustain-lag.png");
    }

    @Test
    void failsWhenThereIsNothingToDraw(@TempDir Path dir) {
        assertThat(Charts.run(dir.resolve("missing"), dir.resolve("out"))).isEqualTo(1);
    }

    private static void write(Path dir, String name, String json) throws IOException {
        Files.writeString(dir.resolve(name), json.formatted(HEAD));
    }

    private static List<String> pngs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}

package dev.pipeline.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void sumsLabelledSeriesAndSkipsCommentsAndOddLines() {
        Map<String, Double> values = PrometheusText.parse("""
                # HELP collector_events_rejected_total Invalid events quarantined to error/, by reason
                # TYPE collector_events_rejected_total counter
                collector_events_rejected_total{reason="empty"} 3.0
                collector_events_rejected_total{reason="price_scale"} 4.0
                stream_rows_written_total 1250.0
                jvm_info{version="17",runtime="OpenJDK Runtime Environment"} 1.0
                broken_line_without_value
                not_a_number{x="y"} abc
                """);
        assertThat(values).containsEntry("collector_events_rejected_total", 7.0)
                .containsEntry("stream_rows_written_total", 1250.0)
                .containsEntry("jvm_info", 1.0)
                .doesNotContainKeys("broken_line_without_value", "not_a_number");
    }

    @Test
    void readsOneSeriesByNameOrByItsLabels() {
        String page = """
                # TYPE collector_events_rejected_total counter
                collector_events_rejected_total{reason="unmapped_event"} 12.0
                collector_events_rejected_total{reason="unmapped_event_x"} 100.0
                collector_events_rejected_total{reason="price_scale"} 4.0
                stream_rows_written_total 1250.0
                """;
        assertThat(PrometheusText.value(page, "collector_events_rejected_total{reason=\"unmapped_event\"}")).isEqualTo(12.0);
        assertThat(PrometheusText.value(page, "collector_events_rejected_total")).isEqualTo(116.0);
        assertThat(PrometheusText.value(page, "stream_rows_written_total")).isEqualTo(1250.0);
        assertThat(PrometheusText.value(page, "collector_events_rejected_total{reason=\"empty\"}")).isZero();
    }

    @Test
    void sumsTheSeriesThatCarryTheGivenLabels() {
        String page = """
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 2000.0
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 8000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 1.0E7
                jvm_memory_used_bytes_other{area="heap"} 5.0
                jvm_memory_usage_after_gc{area="heap",pool="long-lived"} 0.25
                odd{area="a\\"b",id="x y"} 3.0
                jvm_gc_max_data_size_bytes 6.0E9
                """;
        assertThat(PrometheusText.sum(page, "jvm_memory_used_bytes", Map.of("area", "heap"))).hasValue(10_000.0);
        assertThat(PrometheusText.sum(page, "jvm_memory_used_bytes", Map.of())).hasValue(10_010_000.0);
        assertThat(PrometheusText.sum(page, "jvm_memory_used_bytes", Map.of("area", "heap", "id", "G1 Old Gen")))
                .hasValue(8000.0);
        assertThat(PrometheusText.sum(page, "jvm_memory_usage_after_gc", Map.of("pool", "long-lived"))).hasValue(0.25);
        assertThat(PrometheusText.sum(page, "odd", Map.of("area", "a\"b", "id", "x y"))).hasValue(3.0);
        assertThat(PrometheusText.sum(page, "jvm_gc_max_data_size_bytes", Map.of())).hasValue(6.0e9);
        assertThat(PrometheusText.sum(page, "jvm_memory_used_bytes", Map.of("area", "offheap"))).isEmpty();
        assertThat(PrometheusText.sum(page, "jvm_gc_live_data_size_bytes", Map.of())).isEmpty();
    }
}

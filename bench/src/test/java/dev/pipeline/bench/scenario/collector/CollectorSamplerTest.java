package dev.pipeline.bench.scenario.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.collector.CollectorSampler.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorSamplerTest {

    @Test
    void takesCpuAndConnectionsInsideTheWindowAndMemoryOverAllSamples() throws Exception {
        List<Sample> samples = List.of(
                new Sample(1_000, 500.0, 510.0, 1.0, 40), // warm-up: its RSS counts, its connections do not
                new Sample(2_000, 300.0, 520.0, 2.0, 8),
                new Sample(3_000, 320.0, 530.0, 3.5, 8),
                new Sample(4_000, 310.0, 540.04, 4.4, 7),
                new Sample(5_000, 200.0, 550.0, 9.0, 2)); // after the window
        JsonNode figures = CollectorSampler.figures(samples, 2_000, 4_000);
        assertThat(BenchRun.JSON.writeValueAsString(figures))
                .isEqualTo("{\"rss_max_mb\":500,\"hwm_mb\":550,\"cpu_cores\":1.2,\"tcp_connections\":8,\"samples\":5}");
    }

    @Test
    void hasNoCoresWithoutTwoSamplesInTheWindow() {
        JsonNode figures = CollectorSampler.figures(List.of(new Sample(2_000, 300.25, 310.0, 2.0, 1)), 2_000, 4_000);
        assertThat(figures.path("cpu_cores").isNull()).isTrue();
        assertThat(figures.path("rss_max_mb").asDouble()).isEqualTo(300.3);
        assertThat(CollectorSampler.figures(List.of(), 0, 0).path("samples").asInt()).isZero();
    }
}

package dev.pipeline.bench.scenario.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.harness.proc.MachineCpu;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterRunFiguresTest {

    private static ObjectNode load() {
        ObjectNode load = BenchRun.JSON.createObjectNode();
        load.put("rows", 1_000_000);
        load.put("rows_per_sec", 87_047);
        load.put("service_cpu_s", 1.21);
        return load;
    }

    @Test
    void aClusterModesCpuIsSplitIntoDriverExecutorsDaemonsPostgresAndOther() {
        CpuWindow.Reading start = new CpuWindow.Reading(1_000, new MachineCpu(10_000, 50_000), 5.0, 2.0, 100.0, null, null, 3);
        CpuWindow.Reading end = new CpuWindow.Reading(13_304, new MachineCpu(12_248, 52_460), 14.27, 2.03, 110.36, 1, null, 3);

        ObjectNode run = ClusterRunFigures.of(ClusterMode.parse("cluster1x2"), "spark://127.0.0.1:7077", 2, "1g", load(), start, end,
                BenchRun.JSON.createObjectNode(), 0);

        assertThat(run.get("window_s").asDouble()).isEqualTo(12.304);
        assertThat(run.get("rows_per_sec_per_spark_core").asLong()).isEqualTo(43_524);
        assertThat(run.get("executor_memory").asText()).isEqualTo("1g");
        assertThat(run.get("quiet_waited_s").asLong()).isEqualTo(3);
        ObjectNode cpu = (ObjectNode) run.get("cpu_s");
        assertThat(cpu.get("executors").asDouble()).isEqualTo(9.27);
        assertThat(cpu.get("spark").asDouble()).isEqualTo(10.48);
        assertThat(cpu.get("cluster_daemons").asDouble()).isEqualTo(0.03);
        assertThat(cpu.get("postgres").asDouble()).isEqualTo(10.36);
        assertThat(cpu.get("machine").asDouble()).isEqualTo(22.48);
        // 22.48 - 10.48 - 0.03 - 10.36
        assertThat(cpu.get("other").asDouble()).isEqualTo(1.61);
        assertThat(run.get("cpu_cores").get("executors").asDouble()).isEqualTo(0.75);
        assertThat(run.get("rows_per_executor_cpu_s").asLong()).isEqualTo(107_875);
        assertThat(run.get("rows_per_machine_cpu_s").asLong()).isEqualTo(44_484);
        assertThat(List.of(run.fieldNames().next(), run.get("stream").get("rows").asText())).containsExactly("mode", "1000000");
    }

    @Test
    void localModeHasNoExecutorsNorDaemonsAndOtherIsNeverNegative() {
        CpuWindow.Reading start = new CpuWindow.Reading(0, new MachineCpu(0, 0), null, null, null, null, null, 3);
        CpuWindow.Reading end = new CpuWindow.Reading(10_000, new MachineCpu(100, 2_000), null, null, null, null, null, 3);

        ObjectNode run = ClusterRunFigures.of(ClusterMode.parse("local"), "local[2]", 2, "1g", load(), start, end, null, 2);

        assertThat(run.get("executor_memory").isNull()).isTrue();
        assertThat(run.get("cpu_s").get("executors").isNull()).isTrue();
        assertThat(run.get("cpu_cores").get("cluster_daemons").isNull()).isTrue();
        assertThat(run.get("cpu_s").get("spark").asDouble()).isEqualTo(1.21);
        assertThat(run.get("cpu_s").get("other").asDouble()).isZero();
        assertThat(run.get("rows_per_executor_cpu_s").isNull()).isTrue();
        assertThat(run.get("executors").isNull()).isTrue();
        assertThat(run.get("driver_log_errors").asLong()).isEqualTo(2);
    }
}

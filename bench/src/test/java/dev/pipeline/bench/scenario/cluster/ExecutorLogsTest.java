package dev.pipeline.bench.scenario.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.harness.proc.MachineCpu;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorLogsTest {

    @Test
    void keepsTheLinesOfALevelLessTheTermEveryExecutorGetsAtTheEnd() {
        List<String> stderr = List.of(
                "26/12/06 19:13:51 WARN NativeCodeLoader: Unable to load native-hadoop library",
                "26/12/06 19:14:40 ERROR CoarseGrainedExecutorBackend: RECEIVED SIGNAL TERM",
                "26/12/06 19:14:40 ERROR Executor: Exception in task 0.0",
                "26/12/06 19:14:41 INFO ERRORS: not a level");
        assertThat(ExecutorLogs.ofLevel(stderr, "ERROR")).containsExactly("26/12/06 19:14:40 ERROR Executor: Exception in task 0.0");
        assertThat(ExecutorLogs.ofLevel(stderr, "WARN")).hasSize(1);
    }

    @Test
    void summarisesTheExecutorsFromTheLogsAndTheMastersView() throws Exception {
        ObjectNode master = (ObjectNode) BenchRun.JSON.readTree("""
                {"app": {"cores": 2, "memoryperslave": 1024}, "workers": [{"id": "w1", "cores": 2, "state": "ALIVE"}]}""");
        CpuWindow.Reading end = new CpuWindow.Reading(0, new MachineCpu(0, 0), 1.0, 1.0, null, 1, master, 3);
        List<String> errors = List.of("e1", "e2", "e3", "e4", "e5", "e6");

        ObjectNode executors = ExecutorLogs.summary(errors, List.of(), end);

        assertThat(executors.get("count").asInt()).isEqualTo(1);
        assertThat(executors.get("app_cores").asInt()).isEqualTo(2);
        assertThat(executors.get("memory_per_executor_mb").asInt()).isEqualTo(1024);
        assertThat(executors.get("workers").get(0).get("id").asText()).isEqualTo("w1");
        assertThat(executors.get("log_errors").asInt()).isEqualTo(6);
        assertThat(executors.get("first_errors")).hasSize(5);
        assertThat(executors.get("first_warnings")).isEmpty();
    }

    @Test
    void withoutTheMastersViewItsFiguresAreNull() {
        CpuWindow.Reading end = new CpuWindow.Reading(0, new MachineCpu(0, 0), 1.0, 1.0, null, 2, null, 3);
        ObjectNode executors = ExecutorLogs.summary(List.of(), List.of(), end);
        assertThat(executors.get("app_cores").isNull()).isTrue();
        assertThat(executors.get("workers").isNull()).isTrue();
    }
}

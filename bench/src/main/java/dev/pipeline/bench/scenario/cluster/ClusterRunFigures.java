package dev.pipeline.bench.scenario.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.JqFigures;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One mode's entry of {@code runs}: rows/s, and the CPU seconds over the load's window of the driver
 * (the stream service), the executors, the cluster's daemons, PostgreSQL and the whole machine, as
 * seconds, as cores (seconds ÷ window), and as rows per CPU second. {@code other} = machine − spark
 * (driver + executors) − daemons − PostgreSQL: the benchmark's polling and everything else on the machine.
 */
final class ClusterRunFigures {

    private ClusterRunFigures() {
    }

    /**
     * @param load what {@code StreamLoad} measured
     * @param executors the cluster modes' executors entry, null in local mode
     */
    static ObjectNode of(ClusterMode mode, String master, int sparkCores, String executorMemory, ObjectNode load,
            CpuWindow.Reading start, CpuWindow.Reading end, JsonNode executors, long driverLogErrors) {
        double windowS = (end.epochMs() - start.epochMs()) / 1000.0;
        double driver = load.path("service_cpu_s").asDouble();
        Double executorsCpu = difference(start.executorsCpuS(), end.executorsCpuS());
        Double daemons = difference(start.daemonsCpuS(), end.daemonsCpuS());
        Double postgres = difference(start.postgresCpuS(), end.postgresCpuS());
        double machine = JqFigures.round(end.machine().busySecondsSince(start.machine()), 2);
        double spark = JqFigures.round(driver + orZero(executorsCpu), 2);
        double other = JqFigures.round(Math.max(machine - spark - orZero(daemons) - orZero(postgres), 0), 2);
        long rows = load.path("rows").asLong();
        long rowsPerSec = load.path("rows_per_sec").asLong();

        ObjectNode run = BenchRun.JSON.createObjectNode();
        run.put("mode", mode.name());
        run.put("master", master);
        run.put("workers", mode.workers());
        run.put("cores_per_worker", mode.coresPerWorker());
        run.put("spark_cores", sparkCores);
        run.set("executor_memory", mode.isLocal() ? NullNode.getInstance() : run.textNode(executorMemory));
        run.put("rows", rows);
        run.put("rows_per_sec", rowsPerSec);
        run.put("rows_per_sec_per_spark_core", Math.round((double) rowsPerSec / sparkCores));
        JqFigures.put(run, "window_s", windowS);
        run.put("quiet_waited_s", start.quietWaitedS());
        ObjectNode cpu = run.putObject("cpu_s");
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("driver", JqFigures.round(driver, 2));
        seconds.put("executors", executorsCpu);
        seconds.put("spark", spark);
        seconds.put("cluster_daemons", daemons);
        seconds.put("postgres", postgres);
        seconds.put("machine", machine);
        seconds.put("other", other);
        ObjectNode cores = run.putObject("cpu_cores");
        seconds.forEach((name, value) -> {
            cpu.set(name, JqFigures.number(value));
            cores.set(name, value == null ? NullNode.getInstance() : JqFigures.number(JqFigures.round(value / windowS, 2)));
        });
        run.set("rows_per_executor_cpu_s", perCpuSecond(rows, executorsCpu));
        run.set("rows_per_spark_cpu_s", perCpuSecond(rows, spark));
        run.set("rows_per_machine_cpu_s", perCpuSecond(rows, machine));
        run.set("executors", executors == null ? NullNode.getInstance() : executors);
        run.put("driver_log_errors", driverLogErrors);
        run.set("stream", load);
        return run;
    }

    /** Rounded to 2 decimals; null when it was not measured. */
    private static Double difference(Double start, Double end) {
        return start == null || end == null ? null : JqFigures.round(end - start, 2);
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static JsonNode perCpuSecond(long rows, Double cpu) {
        return cpu == null || cpu <= 0 ? NullNode.getInstance() : JqFigures.number((double) Math.round(rows / cpu));
    }
}

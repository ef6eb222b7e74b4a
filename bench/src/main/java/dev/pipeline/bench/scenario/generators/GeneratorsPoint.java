package dev.pipeline.bench.scenario.generators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.JqFigures;
import java.util.List;

/**
 * What was read around the measured window of one generator count, and the {@code runs[]} entry of a
 * generators results file computed from it as the script's jq did (same roundings).
 *
 * @param ports each generator's HTTP port
 * @param readyMs from launching the first generator to the last one ready
 * @param quietWaitedS seconds waited for a quiet machine before the count
 * @param windowMs between the two reads of {@code /stats}
 * @param statsBefore each generator's {@code GET /stats} at the window's start
 * @param statsAfter and at its end
 * @param cpuBefore each generator's CPU seconds at the start (2 decimals, as the script read them)
 * @param cpuAfter and at the end
 * @param collectorCpuBefore the collector's CPU seconds at the start (2 decimals)
 * @param collectorCpuAfter and at the end
 * @param machineCores the whole machine's busy cores over the window (2 decimals)
 * @param ratePerGenerator events/s each generator was asked for, 0 = unbounded
 * @param collectorRssMb the collector's resident memory at the end, whole MB
 * @param generatorsRssMb the generators' summed, whole MB each
 * @param logWarnings WARN lines in the generators' logs
 */
record GeneratorsPoint(List<Integer> ports, long readyMs, long quietWaitedS, long windowMs, List<JsonNode> statsBefore,
        List<JsonNode> statsAfter, List<Double> cpuBefore, List<Double> cpuAfter, double collectorCpuBefore, double collectorCpuAfter,
        double machineCores, double ratePerGenerator, long collectorRssMb, long generatorsRssMb, long logWarnings) {

    ObjectNode toJson() {
        int n = ports.size();
        double s = windowMs / 1000.0;
        ArrayNode perGenerator = BenchRun.JSON.createArrayNode();
        long acked = 0;
        long retries = 0;
        long failed = 0;
        long rejected = 0;
        double generatorsCpu = 0;
        for (int i = 0; i < n; i++) {
            long generatorAcked = delta(i, "acked");
            double cpu = JqFigures.round(cpuAfter.get(i) - cpuBefore.get(i), 2);
            ObjectNode g = perGenerator.addObject();
            g.put("port", ports.get(i));
            g.put("acked", generatorAcked);
            g.put("events_per_sec", Math.round(generatorAcked / s));
            g.put("retries", delta(i, "retries"));
            g.put("failed", delta(i, "failed"));
            g.put("rejected", delta(i, "rejected"));
            g.set("cpu_s", JqFigures.number(cpu));
            g.set("cores", JqFigures.number(JqFigures.round((cpuAfter.get(i) - cpuBefore.get(i)) / s, 2)));
            g.set("state", statsAfter.get(i).path("state").isMissingNode() ? g.nullNode() : statsAfter.get(i).path("state"));
            acked += generatorAcked;
            retries += delta(i, "retries");
            failed += delta(i, "failed");
            rejected += delta(i, "rejected");
            generatorsCpu += cpu;
        }
        double collectorCpu = collectorCpuAfter - collectorCpuBefore;
        boolean fixed = ratePerGenerator > 0;

        ObjectNode point = BenchRun.JSON.createObjectNode();
        point.put("generators", n);
        point.put("ready_ms", readyMs);
        point.put("quiet_waited_s", quietWaitedS);
        point.set("window_s", JqFigures.number(s));
        point.put("events_acked", acked);
        point.put("events_per_sec", Math.round(acked / s));
        point.put("events_per_sec_per_generator", Math.round(acked / s / n));
        point.set("target_events_per_sec", fixed ? JqFigures.number(ratePerGenerator * n) : point.nullNode());
        point.set("of_target", fixed ? JqFigures.number(JqFigures.round(acked / s / (ratePerGenerator * n), 3)) : point.nullNode());
        if (fixed) {
            point.put("reached_target", acked / s >= 0.99 * ratePerGenerator * n);
        } else {
            point.putNull("reached_target");
        }
        ObjectNode cpuS = point.putObject("cpu_s");
        cpuS.set("collector", JqFigures.number(JqFigures.round(collectorCpu, 2)));
        cpuS.set("generators", JqFigures.number(JqFigures.round(generatorsCpu, 2)));
        ObjectNode cores = point.putObject("cpu_cores");
        cores.set("collector", JqFigures.number(JqFigures.round(collectorCpu / s, 2)));
        cores.set("generators", JqFigures.number(JqFigures.round(generatorsCpu / s, 2)));
        cores.set("machine", JqFigures.number(machineCores));
        cores.set("other", JqFigures.number(JqFigures.round(Math.max(machineCores - (collectorCpu + generatorsCpu) / s, 0), 2)));
        point.set("events_per_generator_core", generatorsCpu > 0 ? JqFigures.number(Math.round(acked / generatorsCpu)) : point.nullNode());
        point.set("collector_cpu_ms_per_100k", acked > 0 ? JqFigures.number(Math.round(collectorCpu * 1000 * 100_000 / acked))
                : point.nullNode());
        point.set("generator_cpu_ms_per_100k", acked > 0 ? JqFigures.number(Math.round(generatorsCpu * 1000 * 100_000 / acked))
                : point.nullNode());
        point.put("retries", retries);
        point.put("failed", failed);
        point.put("rejected", rejected);
        point.put("generator_log_warnings", logWarnings);
        ObjectNode rss = point.putObject("rss_mb");
        rss.put("collector", collectorRssMb);
        rss.put("generators", generatorsRssMb);
        point.set("per_generator", perGenerator);
        return point;
    }

    /** How much a counter of generator {@code i}'s {@code /stats} grew over the window. */
    private long delta(int i, String counter) {
        return statsAfter.get(i).path(counter).asLong() - statsBefore.get(i).path(counter).asLong();
    }
}

package dev.pipeline.bench.scenario.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.sink.StreamLoad;
import dev.pipeline.harness.proc.MachineCpu;
import dev.pipeline.harness.proc.ProcStat;
import dev.pipeline.harness.spark.SparkStandaloneCluster;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The CPU of the processes around a cluster mode's load, read when the load's window opens (just before
 * the files are published) and closes (all rows seen committed), next to the reading of the driver's
 * CPU: the machine (from {@code /proc/stat}, read first), the executors (every worker's children, with
 * what they and the worker reaped: an executor that ended in the window counts), the daemons (master
 * and workers themselves), PostgreSQL (the server's main process and its children, the backends); at
 * the end also how many executors run and what the master says of the application and its workers.
 */
final class CpuWindow implements StreamLoad.Window {

    /** One reading; null where nothing was measured (no cluster in local mode, PostgreSQL not on this machine). */
    record Reading(long epochMs, MachineCpu machine, Double executorsCpuS, Double daemonsCpuS, Double postgresCpuS,
            Integer executorCount, JsonNode master, long quietWaitedS) {
    }

    private static final List<String> WORKER_FIELDS = List.of("id", "cores", "coresused", "memory", "memoryused", "state");

    private final SparkStandaloneCluster cluster;
    private final int workers;
    private final OptionalLong postgresPid;
    private long quietWaitedS;
    private Reading start;
    private Reading end;

    /** @param cluster null in local mode */
    CpuWindow(SparkStandaloneCluster cluster, int workers, OptionalLong postgresPid) {
        this.cluster = cluster;
        this.workers = workers;
        this.postgresPid = postgresPid;
    }

    @Override
    public void start(double quietWaited) {
        quietWaitedS = Math.round(quietWaited);
        start = read(false);
    }

    @Override
    public void end() {
        end = read(true);
    }

    Reading atStart() {
        return start;
    }

    Reading atEnd() {
        return end;
    }

    private Reading read(boolean atEnd) {
        long now = System.currentTimeMillis();
        MachineCpu machine = MachineCpu.now();
        Double executors = null;
        Double daemons = null;
        Integer executorCount = null;
        JsonNode master = null;
        if (cluster != null) {
            double executorsCpu = 0;
            double daemonsCpu = ProcStat.cpuSeconds(cluster.master().pid());
            for (int i = 1; i <= workers; i++) {
                long worker = cluster.worker(i).pid();
                executorsCpu += ProcStat.childrenCpuSeconds(worker);
                daemonsCpu += ProcStat.cpuSeconds(worker);
            }
            executors = executorsCpu;
            daemons = daemonsCpu;
        }
        Double postgres = postgresPid.isPresent()
                ? ProcStat.cpuSecondsWithChildren(postgresPid.getAsLong()) : null;
        if (cluster != null && atEnd) {
            int count = 0;
            for (int i = 1; i <= workers; i++) {
                count += (int) cluster.worker(i).handle().children().count();
            }
            executorCount = count;
            master = masterView();
        }
        return new Reading(now, machine, executors, daemons, postgres, executorCount, master, quietWaitedS);
    }

    /** {@code {app: the stream service's application or null, workers: [{id, cores, coresused, memory, memoryused, state}]}}. */
    private JsonNode masterView() {
        try {
            JsonNode json = cluster.masterJson();
            ObjectNode view = BenchRun.JSON.createObjectNode();
            JsonNode app = NullNode.getInstance();
            for (JsonNode active : json.path("activeapps")) {
                if (active.path("name").asText().equals("stream-service")) {
                    app = active;
                    break;
                }
            }
            view.set("app", app);
            ArrayNode workerList = view.putArray("workers");
            for (JsonNode worker : json.path("workers")) {
                ObjectNode entry = workerList.addObject();
                WORKER_FIELDS.forEach(field -> entry.set(field, worker.path(field).isMissingNode() ? NullNode.getInstance() : worker.get(field)));
            }
            return view;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

package dev.pipeline.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.harness.ServiceModule;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** Not yet ported from bench/cluster-bench.sh. */
public final class ClusterScenario implements Scenario {

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String summary() {
        return "(being ported)";
    }

    @Override
    public String options() {
        return "";
    }

    @Override
    public Set<String> valueFlags() {
        return Set.of();
    }

    @Override
    public List<ServiceModule> services(Flags flags) {
        return List.of();
    }

    @Override
    public int run(BenchRun run, Flags flags) {
        throw new UnsupportedOperationException("cluster is not ported yet");
    }

    @Override
    public void printTables(JsonNode results, PrintStream out) {
        out.println(results.toPrettyString());
    }
}

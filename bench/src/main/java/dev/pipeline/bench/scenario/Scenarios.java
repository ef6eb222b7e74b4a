package dev.pipeline.bench.scenario;

import dev.pipeline.bench.scenario.cluster.ClusterScenario;
import dev.pipeline.bench.scenario.collector.CollectorScenario;
import dev.pipeline.bench.scenario.collector.TrackersScenario;
import dev.pipeline.bench.scenario.e2e.E2eScenario;
import dev.pipeline.bench.scenario.e2e.SoakScenario;
import dev.pipeline.bench.scenario.e2e.SustainScenario;
import dev.pipeline.bench.scenario.generators.GeneratorsScenario;
import dev.pipeline.bench.scenario.growth.GrowthScenario;
import dev.pipeline.bench.scenario.sink.SinkScenario;
import dev.pipeline.bench.scenario.startup.StartupScenario;
import dev.pipeline.bench.scenario.table.TableGrowthScenario;
import java.util.List;
import java.util.Optional;

/** Every scenario, in the order {@code bench/run all} runs those of the suite ({@link Scenario#inSuite()}). */
public final class Scenarios {

    /**
     * The collector last: at 128 connections it leaves the machine loaded for a while (load average
     * ~28), which the next scenario's quiet-wait does not fully absorb (the sink measured 0.61x psql
     * right after it, 0.83x on a quiet machine).
     */
    public static final List<Scenario> ALL = List.of(new StartupScenario(), new SinkScenario(), new E2eScenario(),
            new SustainScenario(), new GrowthScenario(), new TableGrowthScenario(), new GeneratorsScenario(),
            new ClusterScenario(), new TrackersScenario(), new CollectorScenario(), new SoakScenario());

    private Scenarios() {
    }

    public static Optional<Scenario> named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The scenario whose results files carry this {@code scenario} field. */
    static Optional<Scenario> ofResults(String resultsName) {
        return ALL.stream().filter(s -> s.resultsName().equals(resultsName)).findFirst();
    }
}

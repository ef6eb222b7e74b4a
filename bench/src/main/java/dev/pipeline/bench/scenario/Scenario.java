package dev.pipeline.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.harness.ServiceModule;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * One benchmark scenario, run by {@code bench/run <name> [flags]}: it starts what it measures through
 * the harness, writes {@code bench/results/<results name>-<UTC date>.json} and prints it as tables.
 */
public interface Scenario {

    /** The name on the command line, e.g. {@code sink}. */
    String name();

    /** The prefix of its results files and their {@code scenario} field; its name unless it says otherwise. */
    default String resultsName() {
        return name();
    }

    /** One line for {@code bench/run --help}: what it measures and roughly how long it takes. */
    String summary();

    /** Its options, one a line, as {@code --help} shows them after the usage line. */
    String options();

    /** The flags that take a value, e.g. {@code --files}. */
    Set<String> valueFlags();

    /** The flags that stand alone, e.g. {@code --jfr} ({@code --no-build} and {@code --help} are everyone's). */
    default Set<String> switches() {
        return Set.of();
    }

    /**
     * Its flags in {@code bench/run all}, ahead of the suite's own: what the published figures were
     * measured with, where that differs from the scenario's defaults.
     */
    default List<String> suiteArguments() {
        return List.of();
    }

    /**
     * Whether {@code bench/run all} runs it; false for one that takes longer than the whole suite (the
     * hour-long soak), run on its own.
     */
    default boolean inSuite() {
        return true;
    }

    /** The services it runs: built first when their jars are missing or older than their sources. */
    List<ServiceModule> services(Flags flags);

    /** Whether it needs the PostgreSQL of PGHOST/PGPORT/PGUSER (checked before anything starts). */
    default boolean needsPostgres(Flags flags) {
        return true;
    }

    /**
     * Measures, adding its figures to {@link BenchRun#results()}; the run writes and prints the
     * results file afterwards.
     *
     * @return the exit status: 0, or 1 when the run is invalid (e.g. events lost)
     */
    int run(BenchRun run, Flags flags) throws Exception;

    /** Prints a results file of this scenario as tables (what the scripts printed, and {@code bench.jar table}). */
    void printTables(JsonNode results, PrintStream out);
}

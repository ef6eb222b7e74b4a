package dev.pipeline.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.Command;
import dev.pipeline.harness.Repository;
import dev.pipeline.harness.StartupException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code bench/run <scenario> [options]}: checks and builds what the scenario needs, runs it, writes
 * its results file and prints it as tables; {@code bench/run all} runs every scenario in its own JVM,
 * then the charts; {@code bench.jar table FILE} prints a results file again.
 */
public final class ScenarioRunner {

    private static final Set<String> COMMON_VALUES = Set.of("--results");
    private static final Set<String> COMMON_SWITCHES = Set.of("--no-build", "--help", "-h");

    private ScenarioRunner() {
    }

    /** @return the exit status: 0, 1 when the run failed or is invalid, 2 for wrong options */
    public static int run(Scenario scenario, String[] args) throws Exception {
        Set<String> values = new HashSet<>(scenario.valueFlags());
        values.addAll(COMMON_VALUES);
        Set<String> switches = new HashSet<>(scenario.switches());
        switches.addAll(COMMON_SWITCHES);
        Flags flags;
        try {
            flags = Flags.parse(args, values, switches);
        } catch (IllegalArgumentException e) {
            System.err.println("bench " + scenario.name() + ": " + e.getMessage());
            System.err.println(usage(scenario));
            return 2;
        }
        if (flags.has("--help") || flags.has("-h")) {
            System.out.println(usage(scenario));
            return 0;
        }
        Path home = Repository.root();
        Path resultsDir = flags.path("--results").map(Path::toAbsolutePath).orElse(home.resolve("bench/results"));
        BenchPostgres postgres = null;
        BenchRun run = null;
        Thread onCtrlC = null;
        try {
            postgres = scenario.needsPostgres(flags) ? BenchPostgres.fromEnvironment() : null;
            run = BenchRun.begin(scenario.resultsName(), home, resultsDir, postgres);
            BenchRun current = run;
            onCtrlC = new Thread(current::close, "bench-clean-up");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            if (!flags.has("--no-build")) {
                Builds.ifStale(home, scenario.services(flags), current::say);
            }
            int status = scenario.run(run, flags);
            Path file = run.write();
            System.err.println();
            scenario.printTables(run.results(), System.out);
            System.out.println("results: " + (file.startsWith(home) ? home.relativize(file) : file));
            return status;
        } catch (StartupException | IllegalArgumentException e) {
            System.err.println("bench " + scenario.name() + ": " + e.getMessage());
            return 1;
        } finally {
            if (run != null) {
                run.close();
            } else if (postgres != null) {
                postgres.close();
            }
            if (onCtrlC != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down already: the hook runs
                }
            }
        }
    }

    /**
     * Every scenario of the suite ({@link Scenario#inSuite()}) in {@link Scenarios#ALL} order, each in
     * a JVM of its own on the jars built once at the start ({@code --no-build}), then the charts. A
     * failed scenario is reported and the others still run.
     *
     * @return the number of scenarios that failed
     */
    public static int all(String[] args) throws IOException, InterruptedException {
        Path home = Repository.root();
        System.err.println("bench all: building the services ...");
        if (Builds.maven(home, "package", "-DskipTests", "-pl", "collector-service,stream-service,generator-service,spark-opens/deployment",
                "-am") != 0 || Builds.maven(home, "-Pcluster", "package", "-pl", "spark-home") != 0) {
            System.err.println("bench all: the build failed");
            return 1;
        }
        List<String> failed = new ArrayList<>();
        for (Scenario scenario : Scenarios.ALL) {
            if (!scenario.inSuite()) {
                continue;
            }
            List<String> arguments = new ArrayList<>(List.of(scenario.name(), "--no-build"));
            arguments.addAll(scenario.suiteArguments());
            arguments.addAll(List.of(args));
            System.err.println("=== " + scenario.name());
            if (bench(home, arguments) != 0) {
                failed.add(scenario.name());
            }
        }
        if (bench(home, List.of("charts")) != 0) {
            failed.add("charts");
        }
        if (!failed.isEmpty()) {
            System.err.println("bench all: failed: " + String.join(" ", failed));
        }
        return failed.size();
    }

    /** {@code bench.jar table FILE}: a results file printed again, by the scenario that wrote it. */
    public static int table(Path file, PrintStream out) throws IOException {
        JsonNode results = BenchRun.JSON.readTree(Files.readAllBytes(file));
        String name = results.path("scenario").asText("collector");
        Optional<Scenario> scenario = Scenarios.ofResults(name);
        if (scenario.isEmpty()) {
            System.err.println("bench table: no scenario writes results named " + name);
            return 2;
        }
        scenario.get().printTables(results, out);
        return 0;
    }

    static String usage(Scenario scenario) {
        return "usage: bench/run " + scenario.name() + " [options]\n\n" + scenario.summary() + "\n\n"
                + scenario.options().stripTrailing() + (scenario.options().isBlank() ? "" : "\n")
                + "  --results DIR       where the results file goes (default bench/results)\n"
                + "  --no-build          use the jars as they are\n"
                + "  -h, --help          this text";
    }

    private static int bench(Path home, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(),
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), "dev.pipeline.bench.Bench"));
        command.addAll(arguments);
        return Command.runInTerminal(command, home);
    }
}

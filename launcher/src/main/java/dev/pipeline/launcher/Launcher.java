package dev.pipeline.launcher;

import dev.pipeline.harness.StartupException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code ./run.sh}: the whole pipeline in one command. Exit status 0 when every acknowledged event
 * is in PostgreSQL or quarantined, 1 when some were lost, 2 when it could not start, 130 after a
 * second Ctrl-C.
 */
@Command(name = "run.sh", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Starts PostgreSQL (the server in PIPELINE_JDBC_URL, or an embedded one with its data in DATA_DIR/postgres), "
                    + "the collector, the stream service and the generators, and shows live progress. At the end of "
                    + "--duration or on Ctrl-C it stops the generators, waits until every acknowledged event is in "
                    + "PostgreSQL or quarantined, prints the summary line and stops everything. A second Ctrl-C stops at once.",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every acknowledged event is in PostgreSQL or quarantined (lost=0)",
            "1:some acknowledged events were lost",
            "2:wrong options, or the pipeline could not start",
            "130:stopped at once by a second Ctrl-C"})
public final class Launcher implements Callable<Integer> {

    static final int LOST = 1;
    static final int CANNOT_START = 2;
    static final int STOPPED_AT_ONCE = 130;

    @Spec
    CommandSpec spec;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_SEC", defaultValue = "1000",
            description = "Events per second, all generators together (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "How long the generators send; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--generators", paramLabel = "N", defaultValue = "1",
            description = "Generator instances, each on its own port (default: ${DEFAULT-VALUE}).")
    int generators;

    @Option(names = "--invalid-ratio", paramLabel = "R", defaultValue = "0.01",
            description = "Share of events made invalid on purpose, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double invalidRatio;

    @Option(names = "--duplicate-ratio", paramLabel = "R", defaultValue = "0.01",
            description = "Share of events that repeat an acknowledged one, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double duplicateRatio;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "100",
            description = "Events per request a generator sends (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait at the end for everything acknowledged to arrive (default: ${DEFAULT-VALUE}).")
    long drainTimeoutSeconds;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Where raw/, error/, processed/, checkpoints/, postgres/ and logs/ go (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--pg-port", paramLabel = "PORT", defaultValue = "15432",
            description = "Port of the embedded PostgreSQL (default: ${DEFAULT-VALUE}).")
    int pgPort;

    @Option(names = "--collector-port", paramLabel = "PORT", defaultValue = "8081", description = "(default: ${DEFAULT-VALUE})")
    int collectorPort;

    @Option(names = "--stream-port", paramLabel = "PORT", defaultValue = "8082", description = "(default: ${DEFAULT-VALUE})")
    int streamPort;

    @Option(names = "--generator-port", paramLabel = "PORT", defaultValue = "8083",
            description = "The first generator's port; the others count up (default: ${DEFAULT-VALUE}).")
    int generatorPort;

    @Option(names = "--rebuild", description = "Build the jars again before starting (run.sh does it; listed here for --help).")
    boolean rebuild;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--home", hidden = true, defaultValue = ".", description = "The repository root, where the jars are built.")
    Path home;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with its help's "Memory" section, written from {@link Heaps#DEFAULTS}. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Launcher());
        commandLine.getCommandSpec().usageMessage().footerHeading("%nMemory:%n").footer(Heaps.help().toArray(String[]::new));
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        RunOptions options = validated();
        Console console = Console.system();
        PipelineRun run = new PipelineRun(options, console);
        AtomicInteger interrupts = new AtomicInteger();
        // Ctrl-C is handled here, not by a JVM shutdown: the first drains, the second stops at once.
        Signal.handle(new Signal("INT"), signal -> {
            if (interrupts.incrementAndGet() == 1) {
                run.requestStop();
            } else {
                console.line("stopping at once");
                run.killNow();
                Runtime.getRuntime().halt(STOPPED_AT_ONCE);
            }
        });
        // SIGTERM and anything else that ends the JVM: every child is stopped cleanly, none left behind.
        Runtime.getRuntime().addShutdownHook(new Thread(run::stopNow, "stop-children"));
        try {
            return run.run(System.getenv());
        } catch (StartupException e) {
            console.line("error: " + e.getMessage());
            return CANNOT_START;
        }
    }

    private RunOptions validated() {
        require(rate > 0, "--rate must be more than 0");
        require(durationSeconds >= 0, "--duration must be 0 (until Ctrl-C) or more");
        require(generators >= 1, "--generators must be 1 or more");
        require(invalidRatio >= 0 && invalidRatio <= 1, "--invalid-ratio must be between 0 and 1");
        require(duplicateRatio >= 0 && duplicateRatio <= 1, "--duplicate-ratio must be between 0 and 1");
        require(invalidRatio + duplicateRatio <= 1, "--invalid-ratio and --duplicate-ratio together must not pass 1");
        require(batchSize >= 1, "--batch-size must be 1 or more");
        require(drainTimeoutSeconds >= 1, "--drain-timeout must be 1 or more");
        return new RunOptions(home.toAbsolutePath().normalize(), dataDir, rate, Duration.ofSeconds(durationSeconds),
                generators, invalidRatio, duplicateRatio, batchSize, Duration.ofSeconds(drainTimeoutSeconds), pgPort,
                collectorPort, streamPort, generatorPort);
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}

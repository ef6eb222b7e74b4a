package dev.pipeline.bench.scenario;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.proc.MachineCpu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * One run of a scenario: its temporary work folder, the results being built (their head says when,
 * which commit, which machine), the services and processes it started (all stopped at the end, on
 * error and on Ctrl-C too), and the results file it writes: {@code bench/results/<scenario>-<UTC date>.json}.
 */
public final class BenchRun implements AutoCloseable {

    /** The results files' format: two-space indent, {@code "name": value}, as jq wrote them before. */
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** The load clients' JVM: C1 only and the serial GC halve their CPU on the cores the services need (bench/README.md). */
    public static final List<String> CLIENT_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final String name;
    private final Path home;
    private final Path work;
    private final Path resultsFile;
    private final String stamp;
    private final ObjectNode results;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final BenchPostgres postgres;

    private BenchRun(String name, Path home, Path resultsDir, BenchPostgres postgres) throws IOException {
        this.name = name;
        this.home = home;
        this.postgres = postgres;
        this.work = Files.createTempDirectory(name + "-bench-");
        this.stamp = STAMP.format(Instant.now());
        this.resultsFile = Files.createDirectories(resultsDir).resolve(name + "-" + stamp + ".json");
        this.results = Head.of(home, postgres);
        results.put("scenario", name);
    }

    /**
     * @param resultsName the results file's prefix and {@code scenario} field
     * @param postgres the benchmark PostgreSQL, or null for a scenario without one (its head then says nothing of it)
     */
    static BenchRun begin(String resultsName, Path home, Path resultsDir, BenchPostgres postgres) throws IOException {
        BenchRun run = new BenchRun(resultsName, home, resultsDir, postgres);
        if (postgres != null) {
            run.closeAtEnd(postgres);
        }
        return run;
    }

    public String name() {
        return name;
    }

    /** The repository root. */
    public Path home() {
        return home;
    }

    /** A temporary folder of this run, removed at its end (kept with {@code BENCH_KEEP_WORK=1}). */
    public Path work() {
        return work;
    }

    public Path resultsFile() {
        return resultsFile;
    }

    /** The UTC date in the results file's name, e.g. {@code 2026-11-26T093844Z}. */
    public String stamp() {
        return stamp;
    }

    /** The results being built: the head (date, git_commit, git_dirty, machine) and {@code scenario} so far. */
    public ObjectNode results() {
        return results;
    }

    /**
     * Records the machine's load average in the results' head ({@code machine.loadavg_at_start}) when it
     * has none: the head of a run with PostgreSQL has it already, one without does not.
     */
    public void recordLoadAverage() {
        ObjectNode machine = results.with("machine");
        if (!machine.has("loadavg_at_start")) {
            machine.put("loadavg_at_start", Head.loadAverage());
        }
    }

    /** The benchmark PostgreSQL (PGHOST/PGPORT/PGUSER), null for a scenario without one. */
    public BenchPostgres postgres() {
        return postgres;
    }

    /** A progress line on stderr: {@code [HH:MM:SS] <scenario>-bench: ...}. */
    public void say(String format, Object... arguments) {
        System.err.println("[" + CLOCK.format(Instant.now()) + "] " + name + "-bench: " + String.format(Locale.ROOT, format, arguments));
    }

    /**
     * Waits (at most {@code BENCH_QUIET_TIMEOUT} s, default 600) until the machine has been nearly idle
     * (under 0.3 busy cores) for 3 s, so that a measurement does not start on top of someone else's
     * build; call it when none of this run's own processes is busy. Returns the seconds it waited.
     */
    public double waitQuiet() throws InterruptedException {
        long limit = Long.parseLong(System.getenv().getOrDefault("BENCH_QUIET_TIMEOUT", "600"));
        long started = System.nanoTime();
        boolean said = false;
        while (true) {
            MachineCpu before = MachineCpu.now();
            Thread.sleep(3000);
            double cores = MachineCpu.now().coresBusySince(before);
            if (cores < 0.3) {
                break;
            }
            double waited = (System.nanoTime() - started) / 1e9;
            if (waited >= limit) {
                say("the machine is still busy (%.2f cores) after %d s; measuring anyway (see machine_cores_busy)", cores, limit);
                break;
            }
            if (!said) {
                say("the machine is busy (%.2f cores, another run?); waiting for it to calm down ...", cores);
                said = true;
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * A packaged service of this checkout on a free port, its log {@code <work>/<logName>.log}, with the
     * JVM options of {@code BENCH_JAVA_OPTS} and then of {@code BENCH_<SERVICE>_JAVA_OPTS} (e.g.
     * {@code BENCH_STREAM_JAVA_OPTS=-Xmx512m}: the caps of {@code ./run.sh} on one service only);
     * readiness asked every 50 ms (start-up is measured). It is stopped at the end of the run if still running.
     */
    public PackagedService service(ServiceModule module, String logName) {
        List<String> jvm = new ArrayList<>(benchJavaOptions());
        jvm.addAll(split(System.getenv(serviceJavaOptsVariable(module))));
        PackagedService service = PackagedService.of(module, home)
                .withName(logName)
                .withLog(work.resolve(logName + ".log"))
                .withJvmOptions(jvm)
                .withReadyPoll(Duration.ofMillis(50));
        toClose.push(service);
        return service;
    }

    /** {@code BENCH_JAVA_OPTS}, split on blanks: extra JVM options for every service a scenario starts. */
    public static List<String> benchJavaOptions() {
        return split(System.getenv("BENCH_JAVA_OPTS"));
    }

    /** {@code BENCH_COLLECTOR_JAVA_OPTS}, {@code BENCH_STREAM_JAVA_OPTS}, {@code BENCH_GENERATOR_JAVA_OPTS}. */
    public static String serviceJavaOptsVariable(ServiceModule module) {
        return "BENCH_" + module.shortName().toUpperCase(Locale.ROOT) + "_JAVA_OPTS";
    }

    private static List<String> split(String options) {
        return options == null || options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
    }

    /**
     * bench.jar itself in a JVM of its own ({@code java <jvm options> -cp <bench> dev.pipeline.bench.Bench
     * <arguments>}): a load client, measured apart from the service it loads. Its output goes to
     * {@code <work>/<name>.log}; it is killed at the end of the run if still running.
     */
    public ChildProcess benchTool(String toolName, List<String> jvmOptions, List<String> arguments) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.pipeline.bench.Bench");
        command.addAll(arguments);
        ChildProcess tool = ChildProcess.java(toolName, command).log(work.resolve(toolName + ".log")).start();
        toClose.push(tool::killNow);
        return tool;
    }

    /** Closed (last registered first) at the end of the run, on error and on Ctrl-C. */
    public <T extends AutoCloseable> T closeAtEnd(T closeable) {
        toClose.push(closeable);
        return closeable;
    }

    /** How a file is named in a results file: relative to the repository when inside it, else its name alone. */
    public String relative(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(home) ? home.relativize(absolute).toString() : absolute.getFileName().toString();
    }

    /** Writes the results file. */
    public Path write() throws IOException {
        Files.writeString(resultsFile, PRETTY.writeValueAsString(results) + "\n", StandardCharsets.UTF_8);
        return resultsFile;
    }

    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                say("clean-up: %s", e.getMessage());
            }
        }
        if (!"1".equals(System.getenv("BENCH_KEEP_WORK"))) {
            try {
                DataFolders.delete(work);
            } catch (IOException e) {
                throw new UncheckedIOException("removing " + work, e);
            }
        } else {
            say("work folder kept: %s", work);
        }
    }
}

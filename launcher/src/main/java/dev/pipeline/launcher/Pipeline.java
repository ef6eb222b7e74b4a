package dev.pipeline.launcher;

import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.StartupException;
import dev.pipeline.harness.postgres.Database;
import dev.pipeline.harness.postgres.EmbeddedDatabase;
import dev.pipeline.harness.postgres.ExternalDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The running pipeline: the database and the services as child processes, started in order, each
 * once the one before is ready, and stopped in the reverse order.
 */
final class Pipeline {

    private static final Duration READY_POLL = Duration.ofMillis(250);
    /** A service that dies is started again, this many times at most in a run. */
    private static final int MAX_RESTARTS = 3;

    private final RunOptions options;
    private final Console console;
    private final LeftoverProcesses pids;
    private final Map<PackagedService, Integer> restarts = new HashMap<>();
    private Database database;
    private PackagedService collector;
    private PackagedService stream;
    private final List<PackagedService> generators = new ArrayList<>();
    private boolean generatorsStopped;
    /** Set by the second Ctrl-C: from then on nothing is started again. */
    private volatile boolean killed;

    Pipeline(RunOptions options, Console console) {
        this.options = options;
        this.console = console;
        this.pids = new LeftoverProcesses(options.runDir());
    }

    /**
     * Stops what a launcher that was killed left running (services in sessions of their own, the
     * embedded server), so that its ports and data are free again.
     */
    void stopLeftovers() {
        for (String leftover : pids.stopAll()) {
            console.line("stopped " + leftover + ", left running by an earlier run");
        }
        if (EmbeddedDatabase.stopLeftover(options.dataDir().resolve("postgres"))) {
            console.line("stopped the embedded PostgreSQL left running by an earlier run");
        }
    }

    void start(String externalJdbcUrl, String externalUser, String externalPassword, Heaps heaps,
            ClassArchives archives) throws InterruptedException {
        long started = System.nanoTime();
        if (externalJdbcUrl != null) {
            console.begin(pad("postgres") + "connecting to " + externalJdbcUrl + " ... ");
            database = ExternalDatabase.reach(externalJdbcUrl, externalUser, externalPassword);
        } else {
            console.begin(pad("postgres") + "starting embedded PostgreSQL 15 on port " + options.pgPort() + " ... ");
            database = EmbeddedDatabase.start(options.dataDir().resolve("postgres"), options.pgPort(),
                    options.logs().resolve("postgres.log"));
        }
        console.done("ready in " + seconds(started) + ", " + database.description());

        Path data = options.dataDir().toAbsolutePath();
        collector = service("collector", ServiceModule.COLLECTOR, jvm(heaps, archives, ServiceModule.COLLECTOR, true),
                options.collectorPort(), Map.of("PIPELINE_DATA_DIR", data.toString()));
        stream = service("stream", ServiceModule.STREAM, jvm(heaps, archives, ServiceModule.STREAM, true), options.streamPort(),
                Map.of("PIPELINE_DATA_DIR", data.toString()))
                .withDatasource(database.jdbcUrl(), database.user(), database.password());
        for (int i = 1; i <= options.generators(); i++) {
            generators.add(service("generator-" + i, ServiceModule.GENERATOR,
                    jvm(heaps, archives, ServiceModule.GENERATOR, i == 1), options.generatorPort() + i - 1, Map.of(
                    "GENERATOR_COLLECTOR_URL", collector.url().toString(),
                    "GENERATOR_RATE", Double.toString(options.rate() / options.generators()),
                    "GENERATOR_BATCH_SIZE", Integer.toString(options.batchSize()),
                    "GENERATOR_INVALID_RATIO", Double.toString(options.invalidRatio()),
                    "GENERATOR_DUPLICATE_RATIO", Double.toString(options.duplicateRatio()),
                    "GENERATOR_ACKED_IDS_FILE", ackedIdsFile(i).toAbsolutePath().toString())));
        }
        for (PackagedService service : services()) {
            long begin = System.nanoTime();
            console.begin(pad(service.name()) + service.url() + " ... ");
            service.launch();
            pids.record(service.pid(), service.name());
            service.awaitReady();
            console.done("ready in " + seconds(begin));
        }
    }

    /**
     * A service in a session of its own (Ctrl-C in the terminal must not stop it before it is
     * drained: the launcher stops them itself, in order), its output appended to {@code logs/<name>.log},
     * its JVM sized by {@link Heaps} (the {@code <SERVICE>_JAVA_OPTS} variable is the launcher's, not the service's)
     * and started from its class-data archive ({@link ClassArchives}).
     */
    private PackagedService service(String name, ServiceModule module, List<String> jvmOptions, int port,
            Map<String, String> environment) {
        return PackagedService.of(module, options.home())
                .withName(name)
                .withPort(port)
                .withJvmOptions(jvmOptions)
                .withoutInheritedEnv(Heaps.variable(module))
                .withEnv(environment)
                .withLog(options.logs().resolve(name + ".log"))
                .startedBy("run.sh")
                .inOwnSession()
                .withReadyPoll(READY_POLL);
    }

    /** The heap of {@link Heaps}, then the class-data archive of {@link ClassArchives} ({@code writer}: this instance may write it). */
    private static List<String> jvm(Heaps heaps, ClassArchives archives, ServiceModule module, boolean writer) {
        List<String> options = new ArrayList<>(heaps.options(module));
        options.addAll(archives.options(module, writer));
        return options;
    }

    Path ackedIdsFile(int generator) {
        return options.runDir().resolve("acked-ids-" + generator + ".txt");
    }

    List<Path> ackedIdsFiles() {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= generators.size(); i++) {
            files.add(ackedIdsFile(i));
        }
        return files;
    }

    /** The collector and the stream first, then the generators: the order they start in. */
    List<PackagedService> services() {
        List<PackagedService> all = new ArrayList<>();
        if (collector != null) {
            all.add(collector);
        }
        if (stream != null) {
            all.add(stream);
        }
        all.addAll(generators);
        return all;
    }

    PackagedService collector() {
        return collector;
    }

    PackagedService stream() {
        return stream;
    }

    List<PackagedService> generators() {
        return generators;
    }

    Database database() {
        return database;
    }

    /**
     * Starts again a service that died (its log says why); what it acknowledged is on disk, and
     * whatever it had in flight its clients send again. Gives up after {@link #MAX_RESTARTS}.
     */
    synchronized void restartDead() throws InterruptedException {
        List<PackagedService> supervised = generatorsStopped ? List.of(collector, stream) : services();
        for (PackagedService service : supervised) {
            if (killed || service.isAlive()) {
                continue;
            }
            int count = restarts.merge(service, 1, Integer::sum);
            if (count > MAX_RESTARTS) {
                throw new StartupException(service.name() + " stopped " + count + " times; giving up. The end of "
                        + service.log() + ":\n" + service.tail());
            }
            console.line(service.name() + " stopped (exit status " + service.exitValue() + "; see " + service.log()
                    + "); starting it again");
            service.launch();
            pids.record(service.pid(), service.name());
            service.awaitReady();
        }
    }

    void stopGenerators() throws InterruptedException {
        generatorsStopped = true;
        for (PackagedService generator : generators) {
            generator.stop();
        }
    }

    /**
     * Generators, stream, collector, then the database: each gets SIGTERM and
     * {@link PackagedService#STOP_GRACE} before SIGKILL.
     */
    synchronized void stop() throws InterruptedException {
        List<PackagedService> reverse = new ArrayList<>(services());
        Collections.reverse(reverse);
        for (PackagedService service : reverse) {
            service.stop();
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** The second Ctrl-C: no waiting (and no lock: a stop() may be waiting). What was acknowledged is on disk already. */
    void kill() {
        killed = true;
        services().forEach(PackagedService::killForGood);
        if (database != null) {
            database.close();
        }
    }

    static String pad(String name) {
        return String.format("  %-12s", name);
    }

    static String seconds(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}

package dev.pipeline.harness.spark;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.FreePort;
import dev.pipeline.harness.ServiceClient;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A real Spark standalone cluster on this machine, as a distribution's {@code sbin/start-master.sh}
 * and {@code start-worker.sh} run it, but without Docker or a downloaded tarball: a master and
 * {@code n} workers started as plain {@code java} child processes on the jars of a {@code SPARK_HOME}
 * that the {@code spark-home} module copies from Maven Central. Everything listens on 127.0.0.1 only.
 *
 * <p>Each worker has 1 core and 1 GiB unless started with more, so an application gets one executor (a JVM the worker starts)
 * per worker. Workers are numbered from 1; worker {@code i} works in {@code <dir>/worker-i}, where
 * Spark puts each executor's {@code stdout} and {@code stderr} ({@code <app id>/<executor id>/}).
 * Process output goes to {@code <dir>/logs/}.
 */
public final class SparkStandaloneCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final ServiceClient CLIENT = new ServiceClient();

    /**
     * What Spark needs opened on Java 17, as stream-service's pom passes it ({@code spark.add-opens}).
     * A distribution's scripts add the same through Spark's launcher; plain {@code java} does not.
     * The executors get them from the driver (Spark adds its module options to the executor's options).
     */
    private static final List<String> ADD_OPENS = Stream.of(
                    "java.base/java.lang", "java.base/java.lang.invoke", "java.base/java.lang.reflect",
                    "java.base/java.io", "java.base/java.net", "java.base/java.nio", "java.base/java.util",
                    "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic",
                    "java.base/jdk.internal.ref", "java.base/sun.nio.ch", "java.base/sun.nio.cs",
                    "java.base/sun.security.action", "java.base/sun.util.calendar",
                    "java.security.jgss/sun.security.krb5")
            .map(open -> "--add-opens=" + open + "=ALL-UNNAMED")
            .toList();

    private final Path sparkHome;
    private final Path dir;
    private final Path logs;
    private final int port = FreePort.any();
    private final int webUiPort = FreePort.any();
    private final List<ChildProcess> workers = new ArrayList<>();
    private ChildProcess master;

    private SparkStandaloneCluster(Path sparkHome, Path dir) throws IOException {
        this.sparkHome = sparkHome.toAbsolutePath().normalize();
        this.dir = dir.toAbsolutePath();
        this.logs = Files.createDirectories(dir.resolve("logs"));
    }

    /**
     * Starts the master, then {@code workers} workers, and returns once the master lists them all
     * ALIVE; on failure everything started so far is killed.
     *
     * @param sparkHome a folder with {@code jars/} (spark-home/target/spark-home)
     * @param dir a fresh folder for the logs and the workers' work dirs
     */
    public static SparkStandaloneCluster start(Path sparkHome, Path dir, int workers) throws IOException {
        return start(sparkHome, dir, workers, 1, "1g");
    }

    /**
     * As {@link #start(Path, Path, int)}, with {@code cores} cores and {@code memory} (e.g. {@code 1g},
     * {@code 1536m}) offered by each worker.
     */
    public static SparkStandaloneCluster start(Path sparkHome, Path dir, int workers, int cores, String memory)
            throws IOException {
        if (!Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new IllegalStateException(sparkHome.resolve("jars") + " is missing: build it with"
                    + " ./mvnw -Pcluster package -pl spark-home");
        }
        SparkStandaloneCluster cluster = new SparkStandaloneCluster(sparkHome, dir);
        try {
            cluster.master = cluster.launch("master", Map.of(), "org.apache.spark.deploy.master.Master",
                    "--host", HOST, "--port", Integer.toString(cluster.port),
                    "--webui-port", Integer.toString(cluster.webUiPort));
            for (int i = 1; i <= workers; i++) {
                Path workDir = Files.createDirectories(cluster.workDir(i));
                // The worker's scratch space (and so its executors') stays in the test's folder, not /tmp.
                Path localDir = Files.createDirectories(cluster.dir.resolve("worker-" + i + "-local"));
                cluster.workers.add(cluster.launch("worker-" + i, Map.of("SPARK_LOCAL_DIRS", localDir.toString()),
                        "org.apache.spark.deploy.worker.Worker", cluster.masterUrl(), "--host", HOST,
                        "--cores", Integer.toString(cores), "--memory", memory, "--webui-port", Integer.toString(FreePort.any()),
                        "--work-dir", workDir.toString()));
            }
            await("Spark master with " + workers + " ALIVE workers (logs in " + cluster.logs + ")")
                    .atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class) // the web UI not listening yet
                    .until(() -> {
                        cluster.requireRunning();
                        return cluster.aliveWorkers() == workers;
                    });
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code spark://127.0.0.1:<port>}, the stream service's {@code STREAM_SPARK_MASTER}. */
    public String masterUrl() {
        return "spark://" + HOST + ":" + port;
    }

    /** The master web UI's {@code /json/}: workers (with their state), active and completed applications. */
    public JsonNode masterJson() throws IOException, InterruptedException {
        return CLIENT.json(URI.create("http://" + HOST + ":" + webUiPort + "/json/"));
    }

    public long aliveWorkers() throws IOException, InterruptedException {
        return stream(masterJson().path("workers")).filter(w -> "ALIVE".equals(w.path("state").asText())).count();
    }

    /** The active application of that name, or a missing node. */
    public JsonNode activeApp(String name) throws IOException, InterruptedException {
        return stream(masterJson().path("activeapps")).filter(app -> name.equals(app.path("name").asText()))
                .findFirst().orElse(MissingNode.getInstance());
    }

    /** Worker {@code i}'s work dir (from 1): {@code <app id>/<executor id>/stderr} is an executor's log. */
    public Path workDir(int i) {
        return dir.resolve("worker-" + i);
    }

    public Path logs() {
        return logs;
    }

    /** The master's process. */
    public ChildProcess master() {
        return master;
    }

    /** Worker {@code i}'s process (from 1); the executors it starts are its children. */
    public ChildProcess worker(int i) {
        return workers.get(i - 1);
    }

    /** The master's port (that of {@link #masterUrl()}). */
    public int port() {
        return port;
    }

    /**
     * A lost node: SIGKILL of worker {@code i} (from 1) and, at the same moment, of the executors it
     * started (its child processes), so that nothing on that node says goodbye to the master or the
     * driver. Returns once all of them are gone.
     */
    public void killWorker(int i) {
        workers.get(i - 1).kill9WithDescendants();
    }

    /** Kills every process of the cluster (workers with their executors, then the master). */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        for (ChildProcess worker : workers) {
            all.add(worker.handle());
            worker.handle().descendants().forEach(all::add);
        }
        if (master != null) {
            all.add(master.handle());
        }
        all.forEach(ProcessHandle::destroyForcibly);
        await().atMost(KILL_TIMEOUT).until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** One daemon, as {@code bin/spark-class} would start it, its output in {@code logs/<name>.log}. */
    private ChildProcess launch(String name, Map<String, String> environment, String mainClass, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("-Xmx1g"); // SPARK_DAEMON_MEMORY's default
        command.addAll(ADD_OPENS);
        command.add("-cp");
        command.add(sparkHome.resolve("jars") + File.separator + "*");
        command.add(mainClass);
        command.addAll(List.of(arguments));
        // A worker builds its executors' command line from SPARK_HOME/jars with Spark's launcher, which
        // must be told the Scala version. A distribution's scripts export SPARK_SCALA_VERSION; these
        // workers do not have it, so the stream service's own spark.executorEnv setting is what makes
        // its executors start. SPARK_LOCAL_IP keeps every address (RPC, block manager, web UI) on the
        // loopback interface.
        return ChildProcess.java(name, command)
                .unsetEnv("SPARK_SCALA_VERSION")
                .env("SPARK_HOME", sparkHome.toString())
                .env("SPARK_LOCAL_IP", HOST)
                .env(environment)
                .log(logs.resolve(name + ".log"))
                .start();
    }

    /** A daemon that exits while starting (a taken port, a missing class) fails fast, not at the timeout. */
    private void requireRunning() {
        List<ChildProcess> all = new ArrayList<>(workers);
        all.add(master);
        for (ChildProcess daemon : all) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException(daemon.name() + " exited with status " + daemon.exitValue() + "; see "
                        + daemon.log());
            }
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}

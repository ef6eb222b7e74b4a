package dev.pipeline.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One packaged service run as users run it, {@code java -jar <module>/target/quarkus-app/quarkus-run.jar},
 * as a child process on a port of its own, ready when {@code /q/health/ready} answers 200. The one
 * handle the launcher, every integration test and every benchmark start a service through:
 *
 * <pre>{@code
 * PackagedService stream = PackagedService.of(ServiceModule.STREAM)
 *         .withEnv("PIPELINE_DATA_DIR", data.toString())
 *         .withLog(logs.resolve("stream.log"))
 *         .start();                       // returns once ready
 * stream.lag();                           // GET /lag
 * stream.kill9();                         // SIGKILL, as a crash
 * stream.start();                         // again, on the same data and port, the log appended to
 * }</pre>
 *
 * The settings may change between starts; each start takes them as they are then.
 */
public final class PackagedService implements AutoCloseable {

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    public static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final int LOG_LINES_SHOWN = 15;
    private static final ServiceClient CLIENT = new ServiceClient();

    private final Path jar;
    private String name;
    private int port;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> unsetEnvironment = new LinkedHashSet<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Path log;
    private String startedBy = "the harness";
    private boolean ownSession;
    private Duration readyPoll = Duration.ofMillis(100);
    private ChildProcess process;
    /** Once killed for good, never started again: a restart racing a second Ctrl-C must not outlive the launcher. */
    private boolean retired;

    private PackagedService(String name, Path jar) {
        this.name = name;
        this.jar = jar;
        this.port = FreePort.any();
    }

    /** The service packaged in this checkout (found from the working directory), on a free port. */
    public static PackagedService of(ServiceModule service) {
        return of(service, Repository.root());
    }

    /** The service packaged under the repository root {@code home}, on a free port. */
    public static PackagedService of(ServiceModule service, Path home) {
        return new PackagedService(service.shortName(), Repository.packagedJar(home, service));
    }

    // ---- settings ----

    public PackagedService withName(String serviceName) {
        this.name = serviceName;
        return this;
    }

    /** Its HTTP port ({@code QUARKUS_HTTP_PORT}); a free one unless set. */
    public PackagedService withPort(int httpPort) {
        this.port = httpPort;
        return this;
    }

    /** A setting, as an environment variable on top of this JVM's own environment. */
    public PackagedService withEnv(String variable, String value) {
        environment.put(variable, value);
        unsetEnvironment.remove(variable);
        return this;
    }

    public PackagedService withEnv(Map<String, String> variables) {
        variables.forEach(this::withEnv);
        return this;
    }

    /**
     * A variable of this JVM's environment that must not reach the service (e.g. a limit that would
     * stop a load generator early); a later {@link #withEnv} of it sets it again.
     */
    public PackagedService withoutInheritedEnv(String variable) {
        environment.remove(variable);
        unsetEnvironment.add(variable);
        return this;
    }

    /** Forgets a setting made with {@link #withEnv}. */
    public PackagedService withoutEnv(String variable) {
        environment.remove(variable);
        return this;
    }

    /**
     * The stream service's PostgreSQL: {@code QUARKUS_DATASOURCE_JDBC_URL}, {@code _USERNAME} and, when
     * there is one (neither null nor empty), {@code _PASSWORD}.
     */
    public PackagedService withDatasource(String jdbcUrl, String user, String password) {
        withEnv("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        withEnv("QUARKUS_DATASOURCE_USERNAME", user);
        if (password != null && !password.isEmpty()) {
            withEnv("QUARKUS_DATASOURCE_PASSWORD", password);
        }
        return this;
    }

    /** Options of its JVM, e.g. {@code -Xmx256m} or a flight recording. */
    public PackagedService withJvmOptions(List<String> options) {
        jvmOptions.clear();
        jvmOptions.addAll(options);
        return this;
    }

    public PackagedService withJvmOptions(String... options) {
        return withJvmOptions(List.of(options));
    }

    /** Where its output goes, appended to across starts; a temporary file unless set. */
    public PackagedService withLog(Path file) {
        this.log = file;
        return this;
    }

    /** Who starts it, for the line each start writes into the log: {@code ---- <time> <who> starts <name>}. */
    public PackagedService startedBy(String who) {
        this.startedBy = who;
        return this;
    }

    /** In a session of its own: see {@link ChildProcess.Builder#ownSession()}. */
    public PackagedService inOwnSession() {
        this.ownSession = true;
        return this;
    }

    /** How often readiness is asked while it starts (100 ms unless set). */
    public PackagedService withReadyPoll(Duration interval) {
        this.readyPoll = interval;
        return this;
    }

    // ---- its life ----

    /** Starts it and returns once it is ready ({@link #READY_TIMEOUT} at most). */
    public PackagedService start() throws InterruptedException {
        launch();
        awaitReady();
        return this;
    }

    /** Starts it without waiting, e.g. to start several side by side; {@link #awaitReady()} each after. */
    public synchronized PackagedService launch() {
        if (retired) {
            return this;
        }
        try {
            if (log == null) {
                log = Files.createTempFile(name + "-", ".log");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> arguments = new ArrayList<>(jvmOptions);
        arguments.add("-jar");
        arguments.add(jar.toString());
        ChildProcess.Builder builder = ChildProcess.java(name, arguments);
        unsetEnvironment.forEach(builder::unsetEnv);
        builder.env(environment)
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .appendLog(log, startedBy + " starts " + name);
        if (ownSession) {
            builder.ownSession();
        }
        process = builder.start();
        return this;
    }

    public void awaitReady() throws InterruptedException {
        awaitReady(READY_TIMEOUT);
    }

    /** Waits for {@code /q/health/ready}; fails with the end of the log if the service dies or takes too long. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI ready = url().resolve("/q/health/ready");
        while (CLIENT.status(ready) != 200) {
            if (!isAlive()) {
                throw new StartupException(name + " stopped while starting (exit status " + exitValue() + "). The end of "
                        + log + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException(name + " is not ready after " + timeout.toSeconds() + " s (" + ready
                        + " does not answer 200). The end of " + log + ":\n" + tail());
            }
            Thread.sleep(readyPoll.toMillis());
        }
    }

    /** SIGKILL, as a crash or the OOM killer ends a process: no shutdown hook runs. Returns once it is gone. */
    public void kill9() {
        ChildProcess current = current();
        if (current != null) {
            current.kill9();
        }
    }

    /** SIGTERM, a clean stop; SIGKILL if it has not stopped after {@link #STOP_GRACE}. */
    public void stop() throws InterruptedException {
        stop(STOP_GRACE);
    }

    /** @return true when it stopped by itself within {@code grace}, false when it had to be killed */
    public boolean stop(Duration grace) throws InterruptedException {
        ChildProcess current = current();
        return current == null || current.stop(grace);
    }

    /** SIGKILL without waiting, and no start ever after: for a second Ctrl-C. */
    public synchronized void killForGood() {
        retired = true;
        if (process != null) {
            process.killNow();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    // ---- what it is ----

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path log() {
        return log;
    }

    /** The environment it gets on top of this JVM's (without {@code QUARKUS_HTTP_PORT}). */
    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /** -1 when it never started. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The running (or last) process, null before the first start. */
    public synchronized ChildProcess process() {
        return process;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** -1 when it never started. */
    public synchronized int exitValue() {
        return process == null ? -1 : process.exitValue();
    }

    /** The last lines of its log, indented, for an error message. */
    public String tail() {
        return LogTail.of(log, LOG_LINES_SHOWN);
    }

    // ---- its endpoints ----

    public boolean isReady() {
        return status("/q/health/ready") == 200;
    }

    /** The status of a GET of {@code path}, -1 when nothing answers. */
    public int status(String path) {
        return CLIENT.status(url().resolve(path));
    }

    /** A GET of {@code path}, whatever its status. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.get(url().resolve(path), Duration.ofSeconds(30));
    }

    /** The JSON of a 200 answer to a GET of {@code path}; an IOException otherwise. */
    public JsonNode json(String path) throws IOException, InterruptedException {
        return CLIENT.json(url().resolve(path));
    }

    /** The stream service's {@code GET /lag}. */
    public JsonNode lag() throws IOException, InterruptedException {
        return json("/lag");
    }

    /** The generator's {@code GET /stats}. */
    public JsonNode stats() throws IOException, InterruptedException {
        return json("/stats");
    }

    /** {@code /q/metrics}, each series summed over its labels. */
    public Map<String, Double> metrics() throws IOException, InterruptedException {
        return CLIENT.metrics(url());
    }

    /** One series of {@code /q/metrics}, by name or with its labels: see {@link PrometheusText#value}. */
    public double metric(String series) throws IOException, InterruptedException {
        return PrometheusText.value(metricsText(), series);
    }

    /** Its Java heap from {@code /q/metrics} ({@link JvmHeap}); null when the page has no heap meters. */
    public JvmHeap heap() throws IOException, InterruptedException {
        return JvmHeap.of(metricsText());
    }

    /** {@code /q/metrics} as it is, for series whose labels matter. */
    public String metricsText() throws IOException, InterruptedException {
        return CLIENT.metricsText(url());
    }

    /** A POST without a body answered 200 with JSON, e.g. the generator's {@code /pause}. */
    public JsonNode post(String path) throws IOException, InterruptedException {
        return CLIENT.post(url().resolve(path));
    }

    private synchronized ChildProcess current() {
        return process;
    }
}

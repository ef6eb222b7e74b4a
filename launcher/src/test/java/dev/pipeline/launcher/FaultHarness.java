package dev.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The pipeline under fault, for the fault suite ({@code faults/}) and the Spark cluster test
 * ({@code cluster/}): a PostgreSQL of its own (embedded, in the suite's temporary folder, never a shared
 * server), the packaged collector, stream service and one generator as child processes, each of which
 * can be killed with SIGKILL and started again, and a drain that ends in the launcher's own
 * event-by-event {@link Reconciliation}.
 *
 * <p>Public so that the scenarios can live in a package of their own; what it drives (the services,
 * the database, the reconciliation) stays package-private to the launcher.
 */
public final class FaultHarness implements AutoCloseable {

    /** The processes the harness runs. */
    public enum Service {
        COLLECTOR("collector", "collector-service"),
        STREAM("stream", "stream-service"),
        GENERATOR("generator", "generator-service");

        private final String logName;
        private final String module;

        Service(String logName, String module) {
            this.logName = logName;
            this.module = module;
        }
    }

    /**
     * @param root a fresh folder for everything but the data: logs, the acknowledged ids, PostgreSQL
     * @param dataDir the services' {@code PIPELINE_DATA_DIR} (raw/, error/, checkpoints/ …); may be a
     *     small file system of its own
     * @param rate the generator's events per second
     * @param collectorEnvironment extra settings of the collector, e.g. {@code COLLECTOR_MIN_FREE_DISK_BYTES}
     * @param streamEnvironment extra settings of the stream service, e.g. {@code STREAM_SPARK_MASTER}
     */
    public record Settings(Path root, Path dataDir, double rate, double invalidRatio, double duplicateRatio,
            Map<String, String> collectorEnvironment, Map<String, String> streamEnvironment) {

        public static Settings of(Path root) {
            return new Settings(root, root.resolve("data"), 400, 0.02, 0.02, Map.of(), Map.of());
        }

        public Settings withDataDir(Path data) {
            return new Settings(root, data, rate, invalidRatio, duplicateRatio, collectorEnvironment, streamEnvironment);
        }

        public Settings withRate(double eventsPerSecond) {
            return new Settings(root, dataDir, eventsPerSecond, invalidRatio, duplicateRatio, collectorEnvironment,
                    streamEnvironment);
        }

        public Settings withCollectorEnvironment(Map<String, String> environment) {
            return new Settings(root, dataDir, rate, invalidRatio, duplicateRatio, Map.copyOf(environment),
                    streamEnvironment);
        }

        public Settings withStreamEnvironment(Map<String, String> environment) {
            return new Settings(root, dataDir, rate, invalidRatio, duplicateRatio, collectorEnvironment,
                    Map.copyOf(environment));
        }
    }

    /**
     * A drained run, reconciled. The first six counts are the launcher's {@link Summary}; the rest are
     * checked here independently, straight from the acknowledged-ids files and {@code user_events}.
     *
     * @param validAcked distinct acknowledged valid ids
     * @param invalidAcked distinct acknowledged invalid ids
     * @param storedRows rows of {@code user_events} holding an acknowledged valid id
     * @param storedIds distinct acknowledged valid ids in {@code user_events}
     * @param invalidStored acknowledged invalid ids found in {@code user_events} (must be none)
     * @param wrongReason invalid ids quarantined with another reason than the one they were made to break
     */
    public record Drained(long acked, long inPostgres, long quarantined, long duplicatesDropped, long lost,
            long wrongReason, Map<String, Long> quarantinedByReason, long validAcked, long invalidAcked,
            long storedRows, long storedIds, long invalidStored, Duration drainTime) {

        /** Acknowledged valid ids stored more than once: rows beyond one per id. */
        public long duplicates() {
            return storedRows - storedIds;
        }

        /**
         * Delivered as promised: every acknowledged valid id in {@code user_events} exactly once, every
         * acknowledged invalid one quarantined with the reason it was made to break, nothing lost.
         */
        public void assertDelivered() {
            assertThat(acked).as("events acknowledged").isGreaterThan(5_000);
            assertThat(lost).as("lost: acknowledged ids neither in PostgreSQL nor quarantined").isZero();
            assertThat(storedIds).as("acknowledged valid ids in user_events").isEqualTo(validAcked);
            assertThat(duplicates()).as("acknowledged valid ids stored more than once").isZero();
            assertThat(invalidStored).as("acknowledged invalid ids in user_events").isZero();
            assertThat(quarantined).as("acknowledged invalid ids quarantined").isEqualTo(invalidAcked);
            assertThat(wrongReason).as("invalid ids quarantined with another reason").isZero();
        }
    }

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Settings settings;
    private final ServiceClient client = new ServiceClient();
    private final Path logs;
    private final Path postgresDir;
    private final int postgresPort;
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, ServiceProcess> processes = new EnumMap<>(Service.class);
    private final List<Path> ackedIdsFiles = new ArrayList<>();
    private Map<String, String> collectorEnvironment;
    private EmbeddedDatabase database;

    private FaultHarness(Settings settings) throws IOException {
        this.settings = settings;
        this.logs = Files.createDirectories(settings.root().resolve("logs"));
        this.postgresDir = settings.root().resolve("postgres");
        this.postgresPort = FreePort.any();
        for (Service service : Service.values()) {
            ports.put(service, FreePort.any());
        }
        this.collectorEnvironment = settings.collectorEnvironment();
        ackedIdsFiles.add(settings.root().resolve("run/acked-ids-1.txt"));
        Files.createDirectories(settings.dataDir());
        Files.createDirectories(settings.root().resolve("run"));
    }

    /**
     * Starts PostgreSQL, then the collector and the stream service side by side (neither needs the
     * other), then the generator once the collector is ready.
     */
    public static FaultHarness start(Settings settings) throws IOException, InterruptedException {
        for (Service service : Service.values()) {
            Path jar = jar(service);
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: package every module first (./mvnw verify or"
                        + " ./mvnw package -DskipTests)");
            }
        }
        FaultHarness harness = new FaultHarness(settings);
        try {
            harness.startPostgres();
            harness.startWithoutWaiting(Service.COLLECTOR);
            harness.startWithoutWaiting(Service.STREAM);
            harness.awaitReady(Service.COLLECTOR);
            harness.awaitReady(Service.STREAM);
            harness.start(Service.GENERATOR);
            return harness;
        } catch (RuntimeException | InterruptedException e) {
            harness.close();
            throw e;
        }
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    public Path log(Service service) {
        return logs.resolve(service.logName + ".log");
    }

    /** Reconciled along with the generator's: ids a scenario put into {@code raw/} itself (same format). */
    public void addAckedIdsFile(Path file) {
        ackedIdsFiles.add(file);
    }

    // ---- the services ----

    /** Starts the service (again) and waits until it is ready. */
    public void start(Service service) throws InterruptedException {
        startWithoutWaiting(service);
        awaitReady(service);
    }

    public void startWithoutWaiting(Service service) {
        ServiceProcess process = new ServiceProcess(service.logName, jar(service), ports.get(service),
                environment(service), log(service));
        processes.put(service, process);
        process.start();
    }

    public void awaitReady(Service service) throws InterruptedException {
        processes.get(service).awaitReady(client, READY_TIMEOUT);
    }

    /** Events are acknowledged and micro-batches commit: the pipeline is whole. */
    public void awaitFlowing() {
        await("events flowing").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> json(Service.GENERATOR, "/stats").path("acked").asLong() > 1000
                        && json(Service.STREAM, "/lag").path("last_batch_id").asLong() >= 1);
    }

    public boolean isReady(Service service) {
        return client.status(url(service).resolve("/q/health/ready")) == 200;
    }

    public boolean isAlive(Service service) {
        ServiceProcess process = processes.get(service);
        return process != null && process.isAlive();
    }

    /** SIGKILL, as a crash or the OOM killer ends a process: no shutdown hook runs. Waits until it is gone. */
    public void kill(Service service) throws IOException {
        ServiceProcess process = processes.get(service);
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        if (service == Service.GENERATOR) {
            requireWholeLines(ackedIdsFiles.get(0));
        }
    }

    /**
     * The restarted generator appends to the same file: a line cut by the kill would glue two ids
     * together and count both lost. The generator writes each batch's ids in one write, so there is none.
     */
    private static void requireWholeLines(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (RandomAccessFile read = new RandomAccessFile(file.toFile(), "r")) {
            read.seek(read.length() - 1);
            if (read.read() != '\n') {
                throw new AssertionError("the killed generator left a cut last line in " + file);
            }
        }
    }

    /** SIGTERM, a clean stop. */
    public void stop(Service service) throws InterruptedException {
        ServiceProcess process = processes.get(service);
        if (process != null) {
            process.stop(STOP_GRACE);
        }
    }

    /** The collector's settings from its next start on (it reads them only at start). */
    public void setCollectorEnvironment(Map<String, String> environment) {
        this.collectorEnvironment = Map.copyOf(environment);
    }

    public URI url(Service service) {
        return URI.create("http://127.0.0.1:" + ports.get(service));
    }

    public JsonNode json(Service service, String path) throws IOException, InterruptedException {
        return client.json(url(service).resolve(path));
    }

    public Map<String, Double> metrics(Service service) throws IOException, InterruptedException {
        return client.metrics(url(service));
    }

    public JsonNode post(Service service, String path) throws IOException, InterruptedException {
        return client.post(url(service).resolve(path));
    }

    private Map<String, String> environment(Service service) {
        String data = settings.dataDir().toAbsolutePath().toString();
        Map<String, String> environment = new LinkedHashMap<>();
        switch (service) {
            case COLLECTOR -> {
                environment.put("PIPELINE_DATA_DIR", data);
                environment.putAll(collectorEnvironment);
            }
            case STREAM -> {
                environment.put("PIPELINE_DATA_DIR", data);
                environment.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl());
                environment.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
                environment.putAll(settings.streamEnvironment());
            }
            case GENERATOR -> {
                environment.put("GENERATOR_COLLECTOR_URL", url(Service.COLLECTOR).toString());
                environment.put("GENERATOR_RATE", Double.toString(settings.rate()));
                environment.put("GENERATOR_BATCH_SIZE", "50");
                environment.put("GENERATOR_INVALID_RATIO", Double.toString(settings.invalidRatio()));
                environment.put("GENERATOR_DUPLICATE_RATIO", Double.toString(settings.duplicateRatio()));
                // The same file across restarts: a restarted generator appends to it.
                environment.put("GENERATOR_ACKED_IDS_FILE", ackedIdsFiles.get(0).toAbsolutePath().toString());
            }
        }
        return environment;
    }

    private static Path jar(Service service) {
        return HOME.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    // ---- PostgreSQL ----

    /** Starts the suite's own PostgreSQL, on the same port and data as before if it ran already. */
    public void startPostgres() {
        database = EmbeddedDatabase.start(postgresDir, postgresPort, logs.resolve("postgres.log"));
    }

    /** Stops PostgreSQL (a fast shutdown: clients are cut off); its data stays for {@link #startPostgres()}. */
    public void stopPostgres() {
        database.close();
        database = null;
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + EmbeddedDatabase.DATABASE;
    }

    // ---- draining ----

    /**
     * Pauses the generator and waits until it has nothing in flight, stops it (so that its
     * acknowledged-ids file is complete), then reconciles until every acknowledged id is in
     * PostgreSQL or quarantined, or {@code timeout} passes; a run that does not get there is returned
     * as it stands, with its {@code lost} count.
     */
    public Drained drain(Duration timeout) throws IOException, InterruptedException, SQLException {
        long started = System.nanoTime();
        post(Service.GENERATOR, "/pause");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(Service.GENERATOR, "/stats").path("pending").asLong() == 0);
        stop(Service.GENERATOR);
        AtomicReference<Summary> last = new AtomicReference<>();
        try (Reconciliation reconciliation = new Reconciliation(database, ackedIdsFiles, settings.dataDir().resolve("error"))) {
            try {
                await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    last.set(reconciliation.count(0));
                    return last.get().lost() == 0;
                });
            } catch (ConditionTimeoutException e) {
                // reported through lost > 0
            }
        }
        Duration drainTime = Duration.ofNanos(System.nanoTime() - started);
        Summary summary = last.get();
        AckedIds acked = AckedIds.read(ackedIdsFiles);
        long[] stored = stored(acked.valid());
        long invalidStored = stored(acked.invalid())[0];
        return new Drained(summary.acked(), summary.inPostgres(), summary.quarantined(), summary.duplicatesDropped(),
                summary.lost(), summary.wrongReason(), summary.quarantinedByReason(), acked.valid().size(),
                acked.invalid().size(), stored[0], stored[1], invalidStored, drainTime);
    }

    /** Rows and distinct ids of {@code user_events} among the given ids. */
    private long[] stored(Set<String> ids) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT count(*), count(DISTINCT event_id) FROM user_events WHERE event_id = ANY (?)")) {
            Array array = connection.createArrayOf("varchar", ids.toArray());
            select.setArray(1, array);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return new long[] {result.getLong(1), result.getLong(2)};
            }
        }
    }

    /** The acknowledged ids, as the files say: valid ids, and invalid ids with the reason they were made to break. */
    private record AckedIds(Set<String> valid, Set<String> invalid) {
        static AckedIds read(List<Path> files) {
            Set<String> valid = new HashSet<>();
            Map<String, String> invalid = new HashMap<>();
            for (Path file : files) {
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        int tab = line.indexOf('\t');
                        if (line.isEmpty()) {
                            continue;
                        }
                        if (tab < 0) {
                            valid.add(line);
                        } else {
                            invalid.put(line.substring(0, tab), line.substring(tab + 1));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new AckedIds(valid, invalid.keySet());
        }
    }

    /** Stops the services (generator, stream, collector), then PostgreSQL. */
    @Override
    public void close() {
        for (Service service : List.of(Service.GENERATOR, Service.STREAM, Service.COLLECTOR)) {
            try {
                stop(service);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                processes.values().forEach(ServiceProcess::kill);
            }
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}

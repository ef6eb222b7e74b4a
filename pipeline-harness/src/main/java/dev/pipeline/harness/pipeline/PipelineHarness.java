package dev.pipeline.harness.pipeline;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.harness.FreePort;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.Repository;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.postgres.EmbeddedDatabase;
import dev.pipeline.harness.reconcile.AckedIds;
import dev.pipeline.harness.reconcile.Reconciliation;
import dev.pipeline.harness.reconcile.Summary;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The whole pipeline under test: a PostgreSQL of its own (embedded, in the test's folder, never a
 * shared server), the packaged collector, stream service and one generator as {@link PackagedService}s,
 * each of which can be killed with SIGKILL and started again on the same data, and a drain that ends
 * in the launcher's own event-by-event {@link Reconciliation}. The fault suite and the Spark cluster
 * test run on it.
 */
public final class PipelineHarness implements AutoCloseable {

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
            expect(acked > 5_000, "events acknowledged", "more than 5000", acked);
            expect(lost == 0, "lost: acknowledged ids neither in PostgreSQL nor quarantined", 0, lost);
            expect(storedIds == validAcked, "acknowledged valid ids in user_events", validAcked, storedIds);
            expect(duplicates() == 0, "acknowledged valid ids stored more than once", 0, duplicates());
            expect(invalidStored == 0, "acknowledged invalid ids in user_events", 0, invalidStored);
            expect(quarantined == invalidAcked, "acknowledged invalid ids quarantined", invalidAcked, quarantined);
            expect(wrongReason == 0, "invalid ids quarantined with another reason", 0, wrongReason);
        }

        private void expect(boolean holds, String what, Object expected, Object actual) {
            if (!holds) {
                throw new AssertionError("[" + what + "] expected " + expected + " but was " + actual + "\n" + this);
            }
        }
    }

    private final Settings settings;
    private final Path home = Repository.root();
    private final Path logs;
    private final Path postgresDir;
    private final int postgresPort;
    private final Map<ServiceModule, PackagedService> services = new EnumMap<>(ServiceModule.class);
    private final List<Path> ackedIdsFiles = new ArrayList<>();
    private EmbeddedDatabase database;

    private PipelineHarness(Settings settings) throws IOException {
        this.settings = settings;
        this.logs = Files.createDirectories(settings.root().resolve("logs"));
        this.postgresDir = settings.root().resolve("postgres");
        this.postgresPort = FreePort.any();
        ackedIdsFiles.add(settings.root().resolve("run/acked-ids-1.txt"));
        Files.createDirectories(settings.dataDir());
        Files.createDirectories(settings.root().resolve("run"));
        for (ServiceModule service : ServiceModule.values()) {
            services.put(service, PackagedService.of(service, home).withLog(log(service)));
        }
        String data = settings.dataDir().toAbsolutePath().toString();
        services.get(ServiceModule.COLLECTOR)
                .withEnv("PIPELINE_DATA_DIR", data)
                .withEnv(settings.collectorEnvironment());
        services.get(ServiceModule.STREAM)
                .withEnv("PIPELINE_DATA_DIR", data)
                .withDatasource(jdbcUrl(), "postgres", "")
                .withEnv(settings.streamEnvironment());
        services.get(ServiceModule.GENERATOR)
                .withEnv("GENERATOR_COLLECTOR_URL", url(ServiceModule.COLLECTOR).toString())
                .withEnv("GENERATOR_RATE", Double.toString(settings.rate()))
                .withEnv("GENERATOR_BATCH_SIZE", "50")
                .withEnv("GENERATOR_INVALID_RATIO", Double.toString(settings.invalidRatio()))
                .withEnv("GENERATOR_DUPLICATE_RATIO", Double.toString(settings.duplicateRatio()))
                // The same file across restarts: a restarted generator appends to it.
                .withEnv("GENERATOR_ACKED_IDS_FILE", ackedIdsFiles.get(0).toAbsolutePath().toString());
    }

    /**
     * Starts PostgreSQL, then the collector and the stream service side by side (neither needs the
     * other), then the generator once the collector is ready.
     */
    public static PipelineHarness start(Settings settings) throws IOException, InterruptedException {
        PipelineHarness harness = new PipelineHarness(settings);
        try {
            harness.startPostgres();
            harness.startWithoutWaiting(ServiceModule.COLLECTOR);
            harness.startWithoutWaiting(ServiceModule.STREAM);
            harness.awaitReady(ServiceModule.COLLECTOR);
            harness.awaitReady(ServiceModule.STREAM);
            harness.start(ServiceModule.GENERATOR);
            return harness;
        } catch (RuntimeException | InterruptedException e) {
            harness.close();
            throw e;
        }
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    public Path log(ServiceModule service) {
        return logs.resolve(service.shortName() + ".log");
    }

    /** The handle of one service, for whatever this class does not wrap. */
    public PackagedService service(ServiceModule service) {
        return services.get(service);
    }

    /** Reconciled along with the generator's: ids a scenario put into {@code raw/} itself (same format). */
    public void addAckedIdsFile(Path file) {
        ackedIdsFiles.add(file);
    }

    // ---- the services ----

    /** Starts the service (again) and waits until it is ready. */
    public void start(ServiceModule service) throws InterruptedException {
        services.get(service).start();
    }

    public void startWithoutWaiting(ServiceModule service) {
        services.get(service).launch();
    }

    public void awaitReady(ServiceModule service) throws InterruptedException {
        services.get(service).awaitReady();
    }

    /** Events are acknowledged and micro-batches commit: the pipeline is whole. */
    public void awaitFlowing() {
        await("events flowing").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> json(ServiceModule.GENERATOR, "/stats").path("acked").asLong() > 1000
                        && json(ServiceModule.STREAM, "/lag").path("last_batch_id").asLong() >= 1);
    }

    public boolean isReady(ServiceModule service) {
        return services.get(service).isReady();
    }

    public boolean isAlive(ServiceModule service) {
        return services.get(service).isAlive();
    }

    /** SIGKILL, as a crash or the OOM killer ends a process: no shutdown hook runs. Waits until it is gone. */
    public void kill(ServiceModule service) throws IOException {
        services.get(service).kill9();
        if (service == ServiceModule.GENERATOR) {
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
    public void stop(ServiceModule service) throws InterruptedException {
        services.get(service).stop();
    }

    /** The collector's extra settings from its next start on (it reads them only at start). */
    public void setCollectorEnvironment(Map<String, String> environment) {
        PackagedService collector = services.get(ServiceModule.COLLECTOR);
        collector.environment().keySet().stream().filter(name -> !name.equals("PIPELINE_DATA_DIR")).toList()
                .forEach(collector::withoutEnv);
        collector.withEnv(environment);
    }

    public URI url(ServiceModule service) {
        return services.get(service).url();
    }

    public JsonNode json(ServiceModule service, String path) throws IOException, InterruptedException {
        return services.get(service).json(path);
    }

    public Map<String, Double> metrics(ServiceModule service) throws IOException, InterruptedException {
        return services.get(service).metrics();
    }

    public JsonNode post(ServiceModule service, String path) throws IOException, InterruptedException {
        return services.get(service).post(path);
    }

    // ---- PostgreSQL ----

    /** Starts the harness's own PostgreSQL, on the same port and data as before if it ran already. */
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
        post(ServiceModule.GENERATOR, "/pause");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(ServiceModule.GENERATOR, "/stats").path("pending").asLong() == 0);
        stop(ServiceModule.GENERATOR);
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
        long[] stored = stored(acked.valid().keySet());
        long invalidStored = stored(acked.invalid().keySet())[0];
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

    /** Stops the services (generator, stream, collector), then PostgreSQL. */
    @Override
    public void close() {
        for (ServiceModule service : List.of(ServiceModule.GENERATOR, ServiceModule.STREAM, ServiceModule.COLLECTOR)) {
            try {
                stop(service);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                services.values().forEach(PackagedService::killForGood);
            }
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}

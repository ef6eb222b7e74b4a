package dev.pipeline.stream.query;

import dev.pipeline.stream.archive.Archive;
import dev.pipeline.stream.archive.ArchiveConfig;
import dev.pipeline.stream.config.PipelineConfig;
import dev.pipeline.stream.config.StreamConfig;
import dev.pipeline.stream.observability.PendingFiles;
import dev.pipeline.stream.sink.BatchLedger;
import dev.pipeline.stream.sink.ExecutorConnections;
import dev.pipeline.stream.sink.JdbcTarget;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.ShutdownHookManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import scala.runtime.AbstractFunction0;
import scala.runtime.BoxedUnit;

/**
 * The streaming query, read top to bottom: the files of {@code raw/} as they appear, each micro-batch
 * to {@link MicroBatchWriter}, loaded rows archived to {@code processed/} ({@link Archive}), progress
 * checkpointed in {@code checkpoints/}. Started with the service and stopped with it; if the query ever dies, it is
 * started again from its checkpoint, or from a fresh one if Spark cannot read that one
 * ({@link CheckpointRecovery}).
 */
@ApplicationScoped
public class RawToPostgresQuery {

    private static final Logger LOG = Logger.getLogger(RawToPostgresQuery.class);
    private static final String NAME = "raw-to-postgres";
    /** The columns of Spark's binary file source; streaming sources want their schema up front. */
    private static final StructType BINARY_FILE = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("modificationTime", DataTypes.TimestampType, false)
            .add("length", DataTypes.LongType, false)
            .add("content", DataTypes.BinaryType, true);

    private final StreamConfig config;
    private final ArchiveConfig archiveConfig;
    private final Archive archive;
    private final Path dataDir;
    private final AgroalDataSource dataSource;
    private final JdbcTarget database;
    private final BatchListener listener;
    private final CheckpointRotation rotation;
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "query-supervisor"));

    private final SparkSession spark;
    private volatile StreamingQuery query;
    private volatile boolean stopping;
    /** While the checkpoint is replaced (a fraction of a second), the query counts as running. */
    private volatile boolean rotating;

    RawToPostgresQuery(StreamConfig config, ArchiveConfig archive, PipelineConfig pipeline, SparkSession spark,
            AgroalDataSource dataSource, BatchListener listener,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.config = config;
        this.archiveConfig = archive;
        this.spark = spark;
        this.dataDir = pipeline.dataDir().toAbsolutePath().normalize();
        this.dataSource = dataSource;
        this.database = new JdbcTarget(jdbcUrl, user.orElse(null), password.orElse(null));
        this.listener = listener;
        this.archive = new Archive(archive.format(), rawDir(), dataDir.resolve("processed"), new BatchLedger(dataSource));
        this.rotation = new CheckpointRotation(dataDir.resolve("checkpoints"), config.checkpointRotateBytes());
    }

    void start(@Observes StartupEvent started) throws Exception {
        for (String folder : new String[] {"raw", "processed", "error", "checkpoints"}) {
            Files.createDirectories(dataDir.resolve(folder));
        }
        // On SIGTERM Spark stops its context from a JVM shutdown hook of its own, racing Quarkus'
        // shutdown; stopping the query first, from a hook Spark runs before that one, ends it cleanly.
        ShutdownHookManager.addShutdownHook(ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY() + 10,
                new AbstractFunction0<BoxedUnit>() {
                    @Override
                    public BoxedUnit apply() {
                        stop();
                        return BoxedUnit.UNIT;
                    }
                });
        createSchemaIfMissing();
        spark.streams().addListener(new RestartOnFailure());
        try {
            startQuery();
        } catch (Exception e) {
            LOG.error("Could not start the streaming query", e);
            scheduleRestart();
        }
        supervisor.scheduleWithFixedDelay(this::keepPendingFilesYoung, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * The schema is there from the start, so that people (and reports) can query {@code user_events}
     * before the first event arrives. A database that is down now does not stop the service: every
     * batch makes sure of the schema again before it writes.
     */
    private void createSchemaIfMissing() {
        try {
            new BatchLedger(dataSource).ensureSchema();
        } catch (SQLException e) {
            LOG.warnf("PostgreSQL is not reachable at start (%s); the schema will be created by the first batch "
                    + "that reaches it", e.getMessage());
        }
    }

    void onShutdown(@Observes ShutdownEvent shutdown) {
        stop();
    }

    public boolean isActive() {
        StreamingQuery current = query;
        return rotating || current != null && current.isActive();
    }

    public Path rawDir() {
        return dataDir.resolve("raw");
    }

    private synchronized void startQuery() throws TimeoutException {
        if (stopping) {
            return;
        }
        MicroBatchWriter writer = new MicroBatchWriter(new BatchLedger(dataSource), archive, database,
                dataDir.resolve("error").toString(), config.retryInitialBackoff(), config.retryMaxBackoff(), listener,
                () -> stopping);
        query = spark.readStream()
                .format("binaryFile")
                .schema(BINARY_FILE)
                // Collectors publish *.csv by atomic rename; anything else in raw/ is not ours to read.
                .option("pathGlobFilter", "*.csv")
                .option("maxFilesPerTrigger", config.maxFilesPerTrigger())
                .option("maxFileAge", config.maxFileAge().toMillis() + "ms")
                // Loaded files leave raw/ when their batch commits (Archive), so a batch Spark replays
                // after a crash may miss some: their rows are committed, and the replay skips them.
                .option("ignoreMissingFiles", "true")
                .load(rawDir().toString())
                .writeStream()
                .queryName(NAME)
                .option("checkpointLocation", dataDir.resolve("checkpoints").toString())
                .trigger(Trigger.ProcessingTime(config.triggerInterval().toMillis()))
                .foreachBatch(rotation.guard(writer, () -> supervisor.execute(this::rotateCheckpoint)))
                .start();
        LOG.infof("Streaming %s into PostgreSQL (%s), trigger %s, master %s, archive %s", rawDir(), database.url(),
                config.triggerInterval(), config.sparkMaster(), archiveConfig.format().name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The file source forgets files older than {@code maxFileAge} (relative to the newest it has
     * seen) and would never read one that old; a file that waited in {@code raw/} that long (published
     * late by a recovering collector, copied in with its old time) is touched so it is read.
     */
    private void keepPendingFilesYoung() {
        long threshold = System.currentTimeMillis() - config.maxFileAge().toMillis() / 2;
        PendingFiles.touchOlderThan(rawDir(), threshold);
    }

    /** Asked by a batch waiting at its start ({@link CheckpointRotation}): stopping the query ends the wait. */
    private synchronized void rotateCheckpoint() {
        if (stopping) {
            return;
        }
        rotating = true;
        try {
            query.stop();
            // Parts and files of the old query's batches that a failed finish left go now: its ledger
            // rows, which say they are committed, are forgotten once the fresh query runs.
            archive.recover(query.id());
            rotation.replace(query, this::startQuery, new BatchLedger(dataSource));
        } catch (Exception e) {
            LOG.error("Rotating the checkpoint failed", e);
            if (!query.isActive()) {
                scheduleRestart();
            }
        } finally {
            rotating = false;
        }
    }

    private synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        supervisor.shutdownNow();
        try {
            if (query != null) {
                query.stop();
            }
        } catch (Exception e) {
            LOG.debugf(e, "Stopping the query");
        }
        ExecutorConnections.closeIdle();
    }

    /** A query that dies (a full disk, a corrupt checkpoint, a bug) is started again. */
    private final class RestartOnFailure extends StreamingQueryListener {
        @Override
        public void onQueryStarted(QueryStartedEvent event) {
        }

        /** Where a batch's time went (listing, planning, the sink, checkpoint writes), for tuning. */
        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            LOG.debugf("Batch %d took %s ms", event.progress().batchId(), event.progress().durationMs());
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
            if (stopping || event.exception().isEmpty()) {
                return;
            }
            LOG.errorf("The streaming query failed: %s", event.exception().get());
            scheduleRestart();
        }
    }

    /**
     * After a failure, on the supervisor thread (no query runs then): a checkpoint Spark cannot read
     * would fail every start for ever, so it is moved aside and the query starts at once from a fresh
     * one; any other failure (a full disk, an unreachable cluster) is waited out and the query started
     * again from its checkpoint.
     */
    private void scheduleRestart() {
        if (stopping) {
            return;
        }
        supervisor.execute(() -> {
            long delay = setAsideUnreadableCheckpoint() ? 0 : config.retryMaxBackoff().toMillis();
            LOG.infof("Starting the streaming query again in %d ms", delay);
            supervisor.schedule(() -> {
                try {
                    startQuery();
                } catch (Exception e) {
                    LOG.error("Could not start the streaming query", e);
                    scheduleRestart();
                }
            }, delay, TimeUnit.MILLISECONDS);
        });
    }

    /** @return whether the checkpoint was unreadable and is now moved aside */
    private boolean setAsideUnreadableCheckpoint() {
        Path checkpoint = dataDir.resolve("checkpoints");
        Optional<String> problem = CheckpointRecovery.unreadable(spark, checkpoint);
        if (problem.isEmpty()) {
            return false;
        }
        try {
            Path aside = CheckpointRecovery.moveAside(checkpoint);
            LOG.errorf("The query's checkpoint cannot be read (%s): the query would fail at every start. Moved the"
                    + " checkpoint aside to %s and starting from a fresh one. Nothing acknowledged is lost or stored"
                    + " twice: the files still in %s are read again and the event ids already in PostgreSQL are skipped;"
                    + " files leave it only after their rows are committed. Bad rows of the files read again are"
                    + " quarantined once more. Keep %s to find out what damaged it; delete it when done.",
                    problem.get(), aside, rawDir(), aside.getFileName());
            return true;
        } catch (IOException e) {
            LOG.errorf("The query's checkpoint cannot be read (%s), and moving it aside failed (%s); move %s away by"
                    + " hand to start from a fresh checkpoint", problem.get(), e, checkpoint);
            return false;
        }
    }
}

package dev.pipeline.collector.storage;

import dev.pipeline.collector.config.CollectorConfig;
import dev.pipeline.collector.config.PipelineConfig;
import dev.pipeline.collector.observability.CollectorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Owns the data folder for the life of the collector: at start it publishes what an earlier run left
 * unpublished and opens the writer; at shutdown it writes what is queued and publishes the open files.
 */
@Startup
@ApplicationScoped
public class CollectorStorage {

    private static final Logger LOG = Logger.getLogger(CollectorStorage.class);

    private final CollectorConfig config;
    private final PipelineConfig pipeline;
    private final MeterRegistry registry;

    private DataLayout layout;
    private FileNamer namer;
    private CollectorMetrics metrics;
    private GroupCommitWriter writer;

    CollectorStorage(CollectorConfig config, PipelineConfig pipeline, MeterRegistry registry) {
        this.config = config;
        this.pipeline = pipeline;
        this.registry = registry;
    }

    @PostConstruct
    void start() {
        try {
            layout = new DataLayout(pipeline.dataDir().toAbsolutePath()).create();
            int recovered = new WorkFolderRecovery(layout).recoverAll();
            if (recovered > 0) {
                LOG.infof("Published %d files left by an earlier run", recovered);
            }
            namer = new FileNamer(config.instanceId().orElseGet(CollectorStorage::hostAndPid), Clock.systemUTC());
            var settings = new GroupCommitWriter.Settings(config.rollInterval(), config.rollMaxBytes(),
                    config.queueMaxBytes(), config.minFreeDiskBytes(), config.fsync());
            metrics = new CollectorMetrics(registry, () -> writer == null ? 0 : writer.queuedBytes());
            writer = new GroupCommitWriter(layout, namer, settings, metrics);
            LOG.infof("Collector %s writes to %s (fsync %s, roll every %s)", namer.instanceId(), layout.root(),
                    config.fsync() ? "on" : "OFF: acknowledged events can be lost in a crash", config.rollInterval());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data folder " + pipeline.dataDir().toAbsolutePath()
                    + " (PIPELINE_DATA_DIR): " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void stop() throws IOException {
        if (writer != null) {
            writer.close();
            LOG.info("Collector stopped; queued events written and open files published");
        }
    }

    public GroupCommitWriter writer() {
        return writer;
    }

    public CollectorMetrics metrics() {
        return metrics;
    }

    public DataLayout layout() {
        return layout;
    }

    public String instanceId() {
        return namer.instanceId();
    }

    private static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}

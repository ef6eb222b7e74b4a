package dev.pipeline.collector.observability;

import dev.pipeline.collector.storage.CollectorStorage;
import dev.pipeline.collector.storage.DataLayout;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Health of the collector's storage: ready while events can be recorded, live while the writer runs. */
@ApplicationScoped
public class WriterHealthChecks {

    private final CollectorStorage storage;

    WriterHealthChecks(CollectorStorage storage) {
        this.storage = storage;
    }

    @Readiness
    HealthCheck canRecordEvents() {
        return () -> {
            DataLayout layout = storage.layout();
            String problem = storage.writer().problem();
            if (problem == null && !(Files.isWritable(layout.raw()) && Files.isWritable(layout.error())
                    && Files.isWritable(layout.work()))) {
                problem = "the data folder " + layout.root() + " is not writable";
            }
            return HealthCheckResponse.named("event-writer")
                    .status(problem == null)
                    .withData("data_dir", layout.root().toString())
                    .withData("queued_bytes", storage.writer().queuedBytes())
                    .withData("problem", problem == null ? "none" : problem)
                    .build();
        };
    }

    @Liveness
    HealthCheck writerRunning() {
        return () -> HealthCheckResponse.named("event-writer-thread")
                .status(storage.writer().isRunning())
                .build();
    }
}

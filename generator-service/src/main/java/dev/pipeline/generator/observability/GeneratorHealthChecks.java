package dev.pipeline.generator.observability;

import dev.pipeline.generator.Generator;
import dev.pipeline.generator.pacing.GeneratorLoop;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the collector takes the generator's events: not before it has recorded a first
 * batch, and not while a batch has waited more than {@link GeneratorStats#STALE_AFTER} for it.
 * Live unless the generating loop died of an error.
 */
@ApplicationScoped
public class GeneratorHealthChecks {

    private final Generator generator;

    GeneratorHealthChecks(Generator generator) {
        this.generator = generator;
    }

    @Readiness
    HealthCheck collectorTakesEvents() {
        return () -> {
            GeneratorStats stats = generator.counts();
            Long lastRecorded = stats.lastRecordedMillisAgo();
            return HealthCheckResponse.named("collector")
                    .status(stats.collectorTakesEvents())
                    .withData("state", generator.state())
                    .withData("pending_events", stats.pending())
                    .withData("last_recorded_ms_ago", lastRecorded == null ? "never" : lastRecorded.toString())
                    .build();
        };
    }

    @Liveness
    HealthCheck generatingLoop() {
        return () -> HealthCheckResponse.named("generating-loop")
                .status(!GeneratorLoop.State.FAILED.wireName().equals(generator.state()))
                .withData("state", generator.state())
                .build();
    }
}

package dev.pipeline.stream.observability;

import dev.pipeline.stream.query.RawToPostgresQuery;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the query runs and its batches commit. PostgreSQL's reachability has its own check
 * (Quarkus' datasource health check), so readiness is DOWN while the database is down, too.
 */
@Readiness
@ApplicationScoped
public class StreamHealthChecks implements HealthCheck {

    private final RawToPostgresQuery query;
    private final StreamStatus status;

    StreamHealthChecks(RawToPostgresQuery query, StreamStatus status) {
        this.query = query;
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        boolean active = query.isActive();
        StreamStatus.Failure failure = status.failing();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("stream-query")
                .status(active && failure == null)
                .withData("query_active", active);
        if (failure != null) {
            response.withData("failing_batch", failure.batchId())
                    .withData("error", failure.message())
                    .withData("retry_in_ms", failure.retryIn().toMillis());
        }
        return response.build();
    }
}

package dev.pipeline.generator.observability;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the event generator. Nothing is generated yet (a later issue adds the sessions),
 * so the check says so in its data instead of pretending events are being sent.
 */
@Readiness
@ApplicationScoped
public class GeneratorHealthCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("event-generator")
                .up()
                .withData("generator", "not started: not implemented yet")
                .build();
    }
}

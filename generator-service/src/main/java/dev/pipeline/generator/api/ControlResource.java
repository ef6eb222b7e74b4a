package dev.pipeline.generator.api;

import dev.pipeline.generator.Generator;
import dev.pipeline.generator.observability.StatsSnapshot;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Pausing and resuming generation, e.g. to let the pipeline drain before reconciling: once paused,
 * {@code pending} in {@code /stats} falls to 0 as the collector answers what is in flight.
 */
@Path("/")
public class ControlResource {

    private final Generator generator;

    ControlResource(Generator generator) {
        this.generator = generator;
    }

    /** Stops generating new events; batches already sent are still seen through. Answers the stats. */
    @POST
    @Path("pause")
    @Produces(MediaType.APPLICATION_JSON)
    public StatsSnapshot pause() {
        generator.pause();
        return generator.stats();
    }

    /** Generates again, at the configured rate. Answers the stats. */
    @POST
    @Path("resume")
    @Produces(MediaType.APPLICATION_JSON)
    public StatsSnapshot resume() {
        generator.resume();
        return generator.stats();
    }
}

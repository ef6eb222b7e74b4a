package dev.pipeline.generator.api;

import dev.pipeline.generator.Generator;
import dev.pipeline.generator.observability.StatsSnapshot;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/stats")
public class StatsResource {

    private final Generator generator;

    StatsResource(Generator generator) {
        this.generator = generator;
    }

    /** What has been sent and what became of it; see {@link StatsSnapshot} for the fields. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public StatsSnapshot stats() {
        return generator.stats();
    }
}

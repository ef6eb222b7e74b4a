package dev.pipeline.stream.api;

import dev.pipeline.stream.observability.LagReport;
import dev.pipeline.stream.observability.PendingFiles;
import dev.pipeline.stream.observability.StreamStatus;
import dev.pipeline.stream.query.BatchOutcome;
import dev.pipeline.stream.query.RawToPostgresQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;

/** How far behind the stream is: what waits in {@code raw/}, what the last batch did, how fast, how late. */
@Path("/lag")
public class LagResource {

    private final StreamStatus status;
    private final RawToPostgresQuery query;

    LagResource(StreamStatus status, RawToPostgresQuery query) {
        this.status = status;
        this.query = query;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public LagReport lag() {
        BatchOutcome last = status.lastBatch();
        PendingFiles pending = PendingFiles.scan(query.rawDir(), last == null ? Set.of() : last.files());
        return LagReport.of(pending, status, query.isActive(), System.currentTimeMillis());
    }
}

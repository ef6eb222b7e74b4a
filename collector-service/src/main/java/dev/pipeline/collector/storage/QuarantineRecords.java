package dev.pipeline.collector.storage;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pipeline.collector.validation.RejectedEvent;
import dev.pipeline.model.json.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The NDJSON lines of {@code error/}: one per rejected event, with the reason (code and message), the
 * code alone for grouping, where the event came from, and its original text.
 */
public final class QuarantineRecords {

    private QuarantineRecords() {
    }

    public static byte[] encode(List<RejectedEvent> rejected, String source, Instant receivedAt) {
        if (rejected.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(rejected.size() * 256);
        try (JsonGenerator json = EventJson.MAPPER.getFactory().createGenerator(out)) {
            // One object a line: the default separator would put a space, not a newline, between them.
            json.setRootValueSeparator(null);
            for (RejectedEvent event : rejected) {
                json.writeStartObject();
                json.writeStringField("reason", event.rejection().toString());
                json.writeStringField("reason_code", event.rejection().reason().code());
                json.writeStringField("source", source + ", event " + event.index());
                json.writeNumberField("index", event.index());
                json.writeStringField("received_at", receivedAt.toString());
                json.writeStringField("raw", event.originalText());
                json.writeEndObject();
                json.flush();
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("encoding quarantine records", e);
        }
        return out.toByteArray();
    }
}

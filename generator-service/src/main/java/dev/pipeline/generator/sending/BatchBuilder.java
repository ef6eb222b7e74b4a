package dev.pipeline.generator.sending;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pipeline.generator.injection.InvalidEvents;
import dev.pipeline.generator.injection.OutgoingEvent;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.json.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Writes events one by one into the JSON array body of a {@link Batch}. */
public final class BatchBuilder {

    /** About the size of one event's JSON, to size the buffer once. */
    private static final int BYTES_PER_EVENT = 220;

    private final ByteArrayOutputStream out;
    private final JsonGenerator json;
    private final List<UserEvent> fresh = new ArrayList<>();
    private final List<UserEvent> duplicates = new ArrayList<>();
    private final List<InvalidEvent> invalid = new ArrayList<>();
    private int size;

    public BatchBuilder(int expectedEvents) {
        out = new ByteArrayOutputStream(expectedEvents * BYTES_PER_EVENT + 2);
        try {
            json = EventJson.MAPPER.getFactory().createGenerator(out);
            json.writeStartArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    public void add(OutgoingEvent outgoing) {
        try {
            switch (outgoing.kind()) {
                case FRESH -> {
                    EventJson.write(outgoing.event(), json);
                    fresh.add(outgoing.event());
                }
                case DUPLICATE -> {
                    EventJson.write(outgoing.event(), json);
                    duplicates.add(outgoing.event());
                }
                case INVALID -> {
                    InvalidEvents.write(outgoing.event(), outgoing.brokenRule(), json);
                    invalid.add(new InvalidEvent(InvalidEvents.idAsSent(outgoing.event(), outgoing.brokenRule()),
                            outgoing.brokenRule()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        size++;
    }

    public int size() {
        return size;
    }

    public Batch build() {
        try {
            json.writeEndArray();
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Batch(out.toByteArray(), size, fresh, duplicates, invalid);
    }
}

package dev.pipeline.collector.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pipeline.collector.validation.RejectedEvent;
import dev.pipeline.collector.validation.ValidatedRequest;
import dev.pipeline.model.json.EventJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The JSON bodies the collector answers with. */
final class IngestResponse {

    /** The contract caps the error list so a 10,000-event reject stays a small answer. */
    static final int MAX_ERRORS = 100;

    private IngestResponse() {
    }

    /** {@code {"accepted":A,"rejected":R,"errors":[{"index":i,"reason":"..."}]}} */
    static String outcome(ValidatedRequest request) {
        return write(json -> {
            json.writeStartObject();
            json.writeNumberField("accepted", request.valid().size());
            json.writeNumberField("rejected", request.rejected().size());
            json.writeArrayFieldStart("errors");
            for (RejectedEvent rejected : request.rejected().subList(0, Math.min(MAX_ERRORS, request.rejected().size()))) {
                json.writeStartObject();
                json.writeNumberField("index", rejected.index());
                json.writeStringField("reason", rejected.rejection().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** {@code {"error":"..."}} */
    static String error(String message) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }

    private interface Body {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator json = EventJson.MAPPER.getFactory().createGenerator(out)) {
            body.writeTo(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}

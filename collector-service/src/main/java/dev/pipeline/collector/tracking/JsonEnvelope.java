package dev.pipeline.collector.tracking;

import static dev.pipeline.collector.validation.BadRequestException.badRequest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pipeline.collector.validation.BadRequestException;
import dev.pipeline.collector.validation.JsonObjects;
import dev.pipeline.collector.validation.RawEvent;
import java.io.IOException;
import java.util.Set;

/**
 * A tracker body that is one JSON object whose array field holds the messages: Segment's
 * {@code {"batch":[...]}} and Snowplow's {@code {"schema":…,"data":[...]}}. Read with Jackson's
 * streaming parser, one message at a time, each with where its text lies in the body.
 *
 * @param what names the body in error messages, e.g. "/v1/batch"
 * @param field the array field, e.g. "batch"
 * @param message one of its elements in words, e.g. "a message"
 * @param read the top-level fields of a message the mapping reads; the others are skipped
 */
public record JsonEnvelope(String what, String field, String message, Set<String> read) {

    /** Takes each message, in order. */
    @FunctionalInterface
    public interface Messages {
        void accept(RawEvent message) throws BadRequestException;
    }

    /** Takes every other field: the parser is at its value, which must be read or skipped whole. */
    @FunctionalInterface
    public interface OtherFields {
        void accept(String name, JsonParser parser) throws IOException, BadRequestException;
    }

    /** Reads {@code body}, handing out its messages and its other fields; anything else than the envelope is a 400. */
    public void read(byte[] body, Messages messages, OtherFields others) throws BadRequestException {
        boolean found = JsonObjects.parse(body, body.length, parser -> {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw badRequest("a " + what + " body is a JSON object {\"" + field + "\":[...]}, got "
                        + JsonObjects.describe(parser.currentToken()));
            }
            boolean sawArray = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!name.equals(field)) {
                    others.accept(name, parser);
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw badRequest(field + " must be an array, got " + JsonObjects.describe(value));
                }
                sawArray = true;
                int index = 0;
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (token != JsonToken.START_OBJECT) {
                        throw badRequest(field + "[" + index + "] is " + JsonObjects.describe(token) + ", not " + message + " object");
                    }
                    messages.accept(JsonObjects.read(parser, body, index++, 0, read));
                }
            }
            return sawArray;
        });
        if (!found) {
            throw badRequest("a " + what + " body needs a \"" + field + "\" array");
        }
    }
}

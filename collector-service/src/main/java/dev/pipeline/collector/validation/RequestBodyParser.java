package dev.pipeline.collector.validation;

import static dev.pipeline.collector.validation.BadRequestException.badRequest;
import static dev.pipeline.collector.validation.BadRequestException.tooLarge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.pipeline.model.json.EventJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into events: a JSON object, a JSON array of objects, or NDJSON (one object
 * a line; blank lines are skipped). A body that cannot be read this way is refused whole, with a
 * message that says where it breaks, and nothing of it is written.
 */
public final class RequestBodyParser {

    private final int maxEvents;

    public RequestBodyParser(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    public List<RawEvent> parseJson(byte[] body, int length) throws BadRequestException {
        return JsonObjects.parse(body, length, parser -> {
            List<RawEvent> events = new ArrayList<>();
            JsonToken root = parser.nextToken();
            if (root == null) {
                throw badRequest("the body is empty; send a JSON object or an array of objects");
            }
            if (root == JsonToken.START_OBJECT) {
                events.add(JsonObjects.read(parser, body, 0, 0));
            } else if (root == JsonToken.START_ARRAY) {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (token != JsonToken.START_OBJECT) {
                        throw badRequest("element " + events.size() + " of the array is " + JsonObjects.describe(token)
                                + ", not an event object");
                    }
                    checkCount(events.size() + 1);
                    events.add(JsonObjects.read(parser, body, events.size(), 0));
                }
                if (events.isEmpty()) {
                    throw badRequest("the array holds no events");
                }
            } else {
                throw badRequest("the body is " + JsonObjects.describe(root) + "; send a JSON object or an array of objects");
            }
            return events;
        });
    }

    public List<RawEvent> parseNdjson(byte[] body, int length) throws BadRequestException {
        Utf8.check(body, length);
        List<RawEvent> events = new ArrayList<>();
        int lineNumber = 0;
        for (int start = 0; start < length; ) {
            int end = indexOf(body, (byte) '\n', start, length);
            int next = end + 1;
            lineNumber++;
            if (end > start && body[end - 1] == '\r') {
                end--;
            }
            if (!isBlank(body, start, end)) {
                checkCount(events.size() + 1);
                events.add(parseLine(body, start, end, lineNumber, events.size()));
            }
            start = next;
        }
        if (events.isEmpty()) {
            throw badRequest("the body holds no events; send one JSON object a line");
        }
        return events;
    }

    private RawEvent parseLine(byte[] body, int start, int end, int lineNumber, int index) throws BadRequestException {
        String prefix = "line " + lineNumber + ": ";
        try (JsonParser parser = EventJson.parser(body, start, end - start)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                throw badRequest(prefix + "is " + JsonObjects.describe(root) + ", not an event object");
            }
            RawEvent event = JsonObjects.read(parser, body, index, start);
            if (parser.nextToken() != null) {
                throw badRequest(prefix + "unexpected content after the JSON object");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw JsonObjects.invalidJson(e, prefix);
        } catch (IOException e) {
            throw badRequest(prefix + "unreadable: " + e.getMessage());
        }
    }

    private void checkCount(int count) throws BadRequestException {
        if (count > maxEvents) {
            throw tooLarge("more than " + maxEvents + " events in one request (COLLECTOR_MAX_EVENTS); split the batch");
        }
    }

    private static int indexOf(byte[] body, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == wanted) {
                return i;
            }
        }
        return to;
    }

    private static boolean isBlank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}

package dev.pipeline.collector.validation;

import static dev.pipeline.collector.validation.BadRequestException.badRequest;
import static dev.pipeline.collector.validation.BadRequestException.tooLarge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
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

    /** Reads one event object at a time out of a larger body, so what follows it is not an error. */
    private static final ObjectReader OBJECT_READER =
            EventJson.MAPPER.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final int maxEvents;

    public RequestBodyParser(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    public List<RawEvent> parseJson(byte[] body, int length) throws BadRequestException {
        Utf8.check(body, length);
        List<RawEvent> events = new ArrayList<>();
        try (JsonParser parser = EventJson.parser(body, 0, length)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                throw badRequest("the body is empty; send a JSON object or an array of objects");
            }
            if (root == JsonToken.START_OBJECT) {
                events.add(readObject(parser, body, 0, 0));
            } else if (root == JsonToken.START_ARRAY) {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (token != JsonToken.START_OBJECT) {
                        throw badRequest("element " + events.size() + " of the array is " + describe(token)
                                + ", not an event object");
                    }
                    checkCount(events.size() + 1);
                    events.add(readObject(parser, body, events.size(), 0));
                }
                if (events.isEmpty()) {
                    throw badRequest("the array holds no events");
                }
            } else {
                throw badRequest("the body is " + describe(root) + "; send a JSON object or an array of objects");
            }
            if (parser.nextToken() != null) {
                throw badRequest("unexpected content after the JSON value at " + where(parser));
            }
        } catch (JsonProcessingException e) {
            throw invalidJson(e, "");
        } catch (IOException e) {
            throw badRequest("unreadable body: " + e.getMessage());
        }
        return events;
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
                throw badRequest(prefix + "is " + describe(root) + ", not an event object");
            }
            RawEvent event = readObject(parser, body, index, start);
            if (parser.nextToken() != null) {
                throw badRequest(prefix + "unexpected content after the JSON object");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw invalidJson(e, prefix);
        } catch (IOException e) {
            throw badRequest(prefix + "unreadable: " + e.getMessage());
        }
    }

    /** Reads the object at the parser's START_OBJECT; offsets are relative to {@code base} in {@code body}. */
    private static RawEvent readObject(JsonParser parser, byte[] body, int index, int base) throws IOException {
        int start = base + (int) parser.currentTokenLocation().getByteOffset();
        JsonNode node;
        try {
            node = OBJECT_READER.readValue(parser);
        } catch (NumberFormatException e) {
            // Decimals become BigDecimal while the tree is built, and one whose exponent is beyond an
            // int (1e9999999999) has none: Jackson throws this unchecked exception, not a
            // JsonProcessingException, which used to end in a 500. Like a number over the length limit,
            // it makes the body unreadable (400).
            throw new StreamConstraintsException("a number's exponent is out of range", parser.currentLocation());
        }
        int end = base + (int) parser.currentTokenLocation().getByteOffset() + 1;
        return new RawEvent(index, node, body, start, end);
    }

    private void checkCount(int count) throws BadRequestException {
        if (count > maxEvents) {
            throw tooLarge("more than " + maxEvents + " events in one request (COLLECTOR_MAX_EVENTS); split the batch");
        }
    }

    private static BadRequestException invalidJson(JsonProcessingException e, String prefix) {
        String what = e instanceof StreamConstraintsException ? "JSON beyond the parser's limits" : "invalid JSON";
        // The original message only: Jackson's full message may quote the payload.
        return badRequest(prefix + what + " at " + where(e) + ": " + e.getOriginalMessage());
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "an unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String where(JsonParser parser) {
        return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
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

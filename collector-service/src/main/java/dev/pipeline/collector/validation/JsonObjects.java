package dev.pipeline.collector.validation;

import static dev.pipeline.collector.validation.BadRequestException.badRequest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.model.json.EventJson;
import java.io.IOException;
import java.util.Set;

/**
 * Reading JSON objects out of a request body one at a time with Jackson's streaming parser, keeping
 * where each one's text lies (so a quarantine record holds the text as sent), and saying where a
 * body breaks in words a sender can act on.
 */
public final class JsonObjects {

    /** Reads one object at a time out of a larger body, so what follows it is not an error. */
    private static final ObjectReader OBJECT_READER =
            EventJson.MAPPER.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonObjects() {
    }

    /** What is read out of a body by {@link #parse}; the parser starts before the first token. */
    @FunctionalInterface
    public interface Reading<T> {
        T read(JsonParser parser) throws IOException, BadRequestException;
    }

    /**
     * Reads one JSON value out of {@code body[0, length)} with {@code reading}: the body must be strict
     * UTF-8 and hold nothing after the value, and whatever breaks is a 400 that says where.
     */
    public static <T> T parse(byte[] body, int length, Reading<T> reading) throws BadRequestException {
        Utf8.check(body, length);
        try (JsonParser parser = EventJson.parser(body, 0, length)) {
            T result = reading.read(parser);
            if (parser.nextToken() != null) {
                throw badRequest("unexpected content after the JSON value at " + where(parser));
            }
            return result;
        } catch (JsonProcessingException e) {
            throw invalidJson(e, "");
        } catch (IOException e) {
            throw badRequest("unreadable body: " + e.getMessage());
        }
    }

    /** Reads the object at the parser's START_OBJECT; offsets are relative to {@code base} in {@code body}. */
    public static RawEvent read(JsonParser parser, byte[] body, int index, int base) throws IOException {
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

    /**
     * Like {@link #read(JsonParser, byte[], int, int)}, but keeps only the object's top-level fields
     * named in {@code fields}: a tracker message's context, integrations and traits are skipped by
     * the parser instead of becoming a tree nobody reads. The text kept is still the whole object.
     */
    public static RawEvent read(JsonParser parser, byte[] body, int index, int base, Set<String> fields) throws IOException {
        int start = base + (int) parser.currentTokenLocation().getByteOffset();
        ObjectNode node = EventJson.MAPPER.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (fields.contains(name)) {
                node.set(name, value(parser));
            } else {
                parser.skipChildren();
            }
        }
        int end = base + (int) parser.currentTokenLocation().getByteOffset() + 1;
        return new RawEvent(index, node, body, start, end);
    }

    private static JsonNode value(JsonParser parser) throws IOException {
        try {
            return OBJECT_READER.readValue(parser);
        } catch (NumberFormatException e) {
            throw new StreamConstraintsException("a number's exponent is out of range", parser.currentLocation());
        }
    }

    public static BadRequestException invalidJson(JsonProcessingException e, String prefix) {
        String what = e instanceof StreamConstraintsException ? "JSON beyond the parser's limits" : "invalid JSON";
        // The original message only: Jackson's full message may quote the payload.
        return badRequest(prefix + what + " at " + where(e) + ": " + e.getOriginalMessage());
    }

    public static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "an unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    public static String where(JsonParser parser) {
        return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
    }

    /** A token in words: "an array", "a string", ... */
    public static String describe(JsonToken token) {
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
}

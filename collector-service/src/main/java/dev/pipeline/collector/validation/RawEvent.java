package dev.pipeline.collector.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * One event as it came in: its parsed JSON and where its text lies in the request body, so a
 * rejected event can be quarantined with its original text rather than a re-serialization.
 */
public record RawEvent(int index, JsonNode json, byte[] body, int start, int end) {

    public String originalText() {
        return new String(body, start, end - start, StandardCharsets.UTF_8);
    }
}

package dev.pipeline.collector;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Request bodies for tests, with ids unique to the test that asks, since tests share one collector. */
public final class Events {

    private Events() {
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static String json(String eventId) {
        return json(eventId, "u-1", "p-1", "19.99");
    }

    public static String json(String eventId, String userId, String productId, String price) {
        return "{\"event_id\":\"" + eventId + "\",\"user_id\":" + quote(userId) + ",\"event_type\":\"view\","
                + "\"product_id\":" + quote(productId) + ",\"price\":" + price
                + ",\"event_timestamp\":\"2026-11-24T10:15:30.123Z\"}";
    }

    public static String array(List<String> objects) {
        return objects.stream().collect(Collectors.joining(",", "[", "]"));
    }

    public static List<String> ids(String prefix, int count) {
        String run = uniqueId(prefix);
        return IntStream.range(0, count).mapToObj(i -> run + "-" + i).toList();
    }

    /** A JSON string literal. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

package dev.pipeline.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code POST /v1/batch} bodies as {@code @segment/analytics-node} 3.1.0 sends them (captured:
 * compact JSON, {@code {"batch":[...],"writeKey":...,"sentAt":...}}, each message with its
 * {@code timestamp}, {@code integrations}, {@code context.library}, {@code messageId}
 * {@code node-next-<ms>-<uuid>} and {@code _metadata}), of {@code track} calls in a shop's mix: of
 * every 20 messages 12 Product Viewed, 5 Product Added (anonymous), 3 Order Completed of 1, 2 and 3
 * products; 23 pipeline events. The last group of every messageId's uuid is the batch number.
 */
final class SegmentBodies implements RequestBodies {

    static final String PATH = "/v1/batch";
    private static final int SLOT = 12;

    private final TemplateBody template = new TemplateBody(SLOT);
    private final int messages;
    private int events;

    SegmentBodies(String runId, int messages, String writeKey) {
        this.messages = messages;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String run = String.format(Locale.ROOT, "%08x", runId.hashCode());
        template.text("{\"batch\":[");
        for (int i = 0; i < messages; i++) {
            int kind = i % 20;
            Instant at = now.minusMillis(messages - i);
            template.text((i == 0 ? "" : ",") + "{\"timestamp\":\"" + at + "\",\"integrations\":{},");
            int product = i * 104_729 % 2_000;
            if (kind < 17) {
                template.text("\"event\":\"" + (kind < 12 ? "Product Viewed" : "Product Added") + "\",\"type\":\"track\","
                        + "\"properties\":{\"product_id\":\"p-" + product + "\",\"price\":" + price(i) + ",\"currency\":\"EUR\"},");
                events++;
            } else {
                int count = kind - 16;
                StringBuilder products = new StringBuilder();
                for (int p = 0; p < count; p++) {
                    products.append(p == 0 ? "" : ",").append("{\"product_id\":\"p-").append((product + p * 7) % 2_000)
                            .append("\",\"price\":").append(p == 1 ? "10.745" : price(i + p)).append(",\"quantity\":").append(p + 1).append('}');
                }
                template.text("\"event\":\"Order Completed\",\"type\":\"track\",\"properties\":{\"order_id\":\"o-" + run + "-" + i
                        + "\",\"revenue\":41.48,\"currency\":\"EUR\",\"products\":[" + products + "]},");
                events += count;
            }
            template.text("\"context\":{\"library\":{\"name\":\"@segment/analytics-node\",\"version\":\"3.1.0\"}},");
            template.text(kind >= 12 && kind < 17 ? "\"anonymousId\":\"anon-" + (i * 7_919 % 5_000) + "\","
                    : "\"userId\":\"u-" + (i * 7_919 % 5_000) + "\",");
            template.text("\"messageId\":\"node-next-" + at.toEpochMilli() + "-" + run + "-" + String.format(Locale.ROOT, "%04x", i)
                    + "-4" + run.substring(0, 3) + "-a" + String.format(Locale.ROOT, "%03x", i % 4096) + "-").slot();
            template.text("\",\"_metadata\":{\"nodeVersion\":\"v20.20.2\",\"jsRuntime\":\"node\"}}");
        }
        template.text("],\"writeKey\":\"" + writeKey + "\",\"sentAt\":\"" + now + "\"}").done();
    }

    /** analytics-node's header: the write key as the Basic user name, an empty password. */
    static String authorization(String writeKey) {
        return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String price(int i) {
        int cents = i * 3_779 % 50_000 + 50;
        return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
    }

    @Override
    public byte[] body(long batchNumber) {
        return template.body(batchNumber);
    }

    @Override
    public int bytesPerBody() {
        return template.length();
    }

    @Override
    public int messagesPerBody() {
        return messages;
    }

    @Override
    public int eventsPerBody() {
        return events;
    }
}

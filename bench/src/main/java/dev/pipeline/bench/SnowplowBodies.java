package dev.pipeline.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code POST /com.snowplowanalytics.snowplow/tp2} bodies as {@code @snowplow/node-tracker} 4.8.0
 * sends them (captured: compact {@code payload_data} JSON, every value a string, the e-commerce
 * plugin's self-describing event in {@code ue_px} and its entities in {@code cx}, base64url without
 * padding): of every 20 events 12 {@code product_view}, 5 {@code add_to_cart} (a product with a
 * quantity), 3 {@code transaction} of 1, 2 and 3 products plus the transaction entity; 23 pipeline
 * events. The last group of every {@code eid} (a uuid) is the batch number.
 */
final class SnowplowBodies implements RequestBodies {

    static final String PATH = "/com.snowplowanalytics.snowplow/tp2";
    static final String CONTENT_TYPE = "application/json; charset=UTF-8";
    private static final int SLOT = 12;
    private static final String ACTION = "iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2";
    private static final String PRODUCT = "iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0";

    private final TemplateBody template = new TemplateBody(SLOT);
    private final int messages;
    private int events;

    SnowplowBodies(String runId, int messages) {
        this.messages = messages;
        long now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
        String run = String.format(Locale.ROOT, "%08x", runId.hashCode());
        template.text("{\"schema\":\"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4\",\"data\":[");
        for (int i = 0; i < messages; i++) {
            int kind = i % 20;
            int product = i * 104_729 % 2_000;
            String action;
            StringBuilder entities = new StringBuilder();
            if (kind < 12) {
                action = "{\"type\":\"product_view\"}";
                entities.append(product("p-" + product, SegmentBodies.price(i), 0));
                events++;
            } else if (kind < 17) {
                action = "{\"type\":\"add_to_cart\",\"total_value\":11,\"currency\":\"EUR\"}";
                entities.append(product("p-" + product, SegmentBodies.price(i), 2));
                events++;
            } else {
                int count = kind - 16;
                action = "{\"type\":\"transaction\"}";
                for (int p = 0; p < count; p++) {
                    entities.append(product("p-" + (product + p * 7) % 2_000, p == 1 ? "10.745" : SegmentBodies.price(i + p), p + 1)).append(',');
                }
                entities.append("{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/transaction/jsonschema/1-0-0\",\"data\":"
                        + "{\"transaction_id\":\"o-" + run + "-" + i + "\",\"revenue\":41.48,\"currency\":\"EUR\",\"payment_method\":\"card\","
                        + "\"total_quantity\":" + count * (count + 1) / 2 + "}}");
                events += count;
            }
            String ue = "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\",\"data\":{\"schema\":\""
                    + ACTION + "\",\"data\":" + action + "}}";
            String cx = "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\",\"data\":[" + entities + "]}";
            template.text((i == 0 ? "" : ",") + "{\"e\":\"ue\",\"eid\":\"" + run + "-" + String.format(Locale.ROOT, "%04x", i) + "-4"
                    + run.substring(0, 3) + "-a" + String.format(Locale.ROOT, "%03x", i % 4096) + "-").slot();
            template.text("\",\"p\":\"srv\",\"tv\":\"node-4.8.0\",\"tna\":\"ns\",\"aid\":\"shop\",\"uid\":\"u-" + (i * 7_919 % 5_000)
                    + "\",\"dtm\":\"" + (now - messages + i) + "\",\"ue_px\":\"" + base64url(ue) + "\",\"cx\":\"" + base64url(cx)
                    + "\",\"stm\":\"" + now + "\"}");
        }
        template.text("]}").done();
    }

    private static String product(String id, String price, int quantity) {
        return "{\"schema\":\"" + PRODUCT + "\",\"data\":{\"id\":\"" + id + "\",\"price\":" + price + ",\"currency\":\"EUR\","
                + "\"category\":\"shoes\"" + (quantity > 0 ? ",\"quantity\":" + quantity : "") + "}}";
    }

    private static String base64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
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

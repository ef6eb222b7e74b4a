package dev.pipeline.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Request bodies: JSON arrays of valid events in the contract's shape, each event with an id unique
 * in the run ({@code <runId>-<batch number>-<index>}).
 *
 * <p>The client shares two cores with the collector, so it must not spend them building JSON: the
 * array is rendered once as a template, and each request copies it and writes the batch number's
 * digits into the fixed-width slot of every event id.
 */
final class EventBodies implements RequestBodies {

    /** Width of the batch number in an event id; 10^10 batches is far beyond any run. */
    private static final int BATCH_DIGITS = 10;

    private static final String[] TYPES = {
        "view", "view", "view", "view", "view", "view", "add_to_cart", "add_to_cart", "add_to_cart", "purchase"
    };

    private final byte[] template;
    private final int[] slots;
    private final int batchSize;

    EventBodies(String runId, int batchSize) {
        this.batchSize = batchSize;
        slots = new int[batchSize];
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int indexDigits = Integer.toString(batchSize - 1).length();
        ByteArrayOutputStream json = new ByteArrayOutputStream(batchSize * 200);
        write(json, "[");
        for (int i = 0; i < batchSize; i++) {
            write(json, (i == 0 ? "" : ",") + "{\"event_id\":\"" + runId + "-");
            slots[i] = json.size();
            write(json, "0".repeat(BATCH_DIGITS) + "-" + pad(i, indexDigits) + "\"");
            write(json, ",\"user_id\":\"" + userId(i) + "\"");
            write(json, ",\"event_type\":\"" + TYPES[i % TYPES.length] + "\"");
            write(json, ",\"product_id\":\"p-" + (i * 104_729 % 2_000) + "\"");
            int cents = i * 3_779 % 1_000_000;
            write(json, ",\"price\":" + cents / 100 + "." + pad(cents % 100, 2));
            write(json, ",\"event_timestamp\":\"" + now.minusMillis(batchSize - i) + "\"}");
        }
        write(json, "]");
        template = json.toByteArray();
    }

    /** A fresh body for batch {@code batchNumber}; fresh so that no in-flight send ever sees it change. */
    @Override
    public byte[] body(long batchNumber) {
        byte[] body = template.clone();
        for (int slot : slots) {
            long n = batchNumber;
            for (int d = BATCH_DIGITS - 1; d >= 0; d--) {
                body[slot + d] = (byte) ('0' + n % 10);
                n /= 10;
            }
        }
        return body;
    }

    @Override
    public int bytesPerBody() {
        return template.length;
    }

    @Override
    public int messagesPerBody() {
        return batchSize;
    }

    @Override
    public int eventsPerBody() {
        return batchSize;
    }

    /** Mostly plain ids; one in a hundred needs CSV quoting and has non-ASCII letters, as real names do. */
    private static String userId(int i) {
        int user = i * 7_919 % 5_000;
        return i % 100 == 42 ? "Zoë, \\\"VIP\\\" " + user : "u-" + user;
    }

    private static String pad(int n, int width) {
        String digits = Integer.toString(n);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.pipeline.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A body rendered once, with slots of {@code width} digits where each request writes its batch
 * number: what {@link EventBodies} does for the native events, shared by the tracker bodies.
 */
final class TemplateBody {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    private final List<Integer> slots = new ArrayList<>();
    private final int width;
    private byte[] template;
    private int[] slotArray;

    TemplateBody(int width) {
        this.width = width;
    }

    TemplateBody text(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A slot for the batch number, {@code width} zeros in the template. */
    TemplateBody slot() {
        slots.add(out.size());
        out.writeBytes("0".repeat(width).getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    TemplateBody done() {
        template = out.toByteArray();
        slotArray = slots.stream().mapToInt(Integer::intValue).toArray();
        return this;
    }

    byte[] body(long batchNumber) {
        byte[] body = template.clone();
        for (int slot : slotArray) {
            long n = batchNumber;
            for (int d = width - 1; d >= 0; d--) {
                body[slot + d] = (byte) ('0' + n % 10);
                n /= 10;
            }
        }
        return body;
    }

    int length() {
        return template.length;
    }
}

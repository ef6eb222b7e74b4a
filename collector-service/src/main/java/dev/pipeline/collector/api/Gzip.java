package dev.pipeline.collector.api;

import static dev.pipeline.collector.validation.BadRequestException.badRequest;
import static dev.pipeline.collector.validation.BadRequestException.tooLarge;

import dev.pipeline.collector.validation.BadRequestException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/**
 * Decompresses a gzip body, stopping as soon as the output passes the body limit: a few kilobytes
 * that inflate to gigabytes (a gzip bomb) cost at most the limit in memory and end in a 413.
 */
final class Gzip {

    private Gzip() {
    }

    /** Whether the body starts with gzip's magic bytes (RFC 1952), whatever the headers said. */
    static boolean looksLikeGzip(byte[] body) {
        return body.length >= 2 && body[0] == (byte) 0x1f && body[1] == (byte) 0x8b;
    }

    static byte[] decompress(byte[] compressed, long maxBytes) throws BadRequestException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, compressed.length * 4L + 64));
        byte[] chunk = new byte[64 * 1024];
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), chunk.length)) {
            int read;
            while ((read = in.read(chunk)) > 0) {
                if (out.size() + (long) read > maxBytes) {
                    throw tooLarge("the body inflates to more than " + maxBytes
                            + " bytes (COLLECTOR_MAX_BODY_BYTES applies after decompression)");
                }
                out.write(chunk, 0, read);
            }
        } catch (IOException e) {
            throw badRequest("Content-Encoding is gzip but the body is not valid gzip: " + e.getMessage());
        }
        return out.toByteArray();
    }
}

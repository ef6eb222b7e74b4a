package dev.pipeline.clients;

import dev.pipeline.harness.reconcile.QuarantineIds;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a tracker call in {@code error/} by the marker it carries, wherever the record's {@code raw} keeps it:
 * as sent (a Segment message, a Snowplow event's plain fields), in a query string (the {@code /i} pixel), or
 * inside base64url-encoded JSON (Snowplow's {@code ue_px} and {@code cx}).
 */
final class Quarantined {

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9_+/-]{16,}={0,2}");

    private Quarantined() {
    }

    /** The records whose {@code raw} carries {@code marker}. */
    static List<QuarantineIds.Record> mentioning(List<QuarantineIds.Record> records, String marker) {
        return records.stream().filter(record -> mentions(record.raw(), marker)).toList();
    }

    /** The record, cut short for a failure message. */
    static String show(QuarantineIds.Record record) {
        String raw = record.raw().length() > 400 ? record.raw().substring(0, 400) + "…" : record.raw();
        return record.reason() + ": " + raw;
    }

    static boolean mentions(String raw, String marker) {
        if (raw.contains(marker)) {
            return true;
        }
        String decoded = urlDecoded(raw);
        if (decoded.contains(marker)) {
            return true;
        }
        for (String text : List.of(raw, decoded)) {
            Matcher token = BASE64.matcher(text);
            while (token.find()) {
                if (base64Decoded(token.group()).contains(marker)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String urlDecoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String base64Decoded(String token) {
        String url = token.replace('+', '-').replace('/', '_').replace("=", "");
        try {
            return new String(Base64.getUrlDecoder().decode(url), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}

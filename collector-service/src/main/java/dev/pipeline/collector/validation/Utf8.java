package dev.pipeline.collector.validation;

import static dev.pipeline.collector.validation.BadRequestException.badRequest;

/**
 * Checks that a body is strict UTF-8 (RFC 3629) before Jackson reads it. JSON on the wire is UTF-8
 * (RFC 8259), and Jackson alone is not strict about it: it guesses UTF-16 or UTF-32 from the first
 * bytes (whose offsets then no longer match the body: a rejected event's text could not be cut out
 * of it, a 500) and decodes overlong forms such as {@code C0 AF} as {@code /}, so a value could pass
 * the rules in a form other than the one sent. A NUL byte is refused too: it is never valid in JSON
 * text (not even inside a string), and it is what makes Jackson take a body for UTF-16 or UTF-32.
 */
public final class Utf8 {

    private Utf8() {
    }

    public static void check(byte[] body, int length) throws BadRequestException {
        int bad = firstInvalid(body, length);
        if (bad < 0) {
            return;
        }
        String where = "line " + lineOf(body, bad) + ", byte offset " + bad;
        if (body[bad] == 0) {
            throw badRequest("the body holds a NUL byte at " + where
                    + "; send UTF-8 JSON (UTF-16 and UTF-32 are not accepted)");
        }
        throw badRequest("the body is not valid UTF-8 at " + where
                + String.format(" (byte 0x%02X); send UTF-8 JSON", body[bad] & 0xFF));
    }

    /** The offset of the first byte of {@code body[0, length)} that starts an invalid sequence or is NUL, or -1. */
    static int firstInvalid(byte[] body, int length) {
        int i = 0;
        while (i < length) {
            int b = body[i] & 0xFF;
            if (b < 0x80) {
                if (b == 0) {
                    return i;
                }
                i++;
                continue;
            }
            int continuations;
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                continuations = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuations = 2;
                if (b == 0xE0) {
                    secondMin = 0xA0; // overlong below U+0800
                } else if (b == 0xED) {
                    secondMax = 0x9F; // UTF-16 surrogates U+D800..U+DFFF
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuations = 3;
                if (b == 0xF0) {
                    secondMin = 0x90; // overlong below U+10000
                } else if (b == 0xF4) {
                    secondMax = 0x8F; // beyond U+10FFFF
                }
            } else {
                return i; // a continuation byte without a lead, C0/C1 (always overlong) or F5..FF
            }
            if (i + continuations >= length) {
                return i; // cut short by the end of the body
            }
            int second = body[i + 1] & 0xFF;
            if (second < secondMin || second > secondMax) {
                return i;
            }
            for (int k = 2; k <= continuations; k++) {
                if ((body[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += continuations + 1;
        }
        return -1;
    }

    private static int lineOf(byte[] body, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (body[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}

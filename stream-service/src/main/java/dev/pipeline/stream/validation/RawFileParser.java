package dev.pipeline.stream.validation;

import dev.pipeline.model.UserEvent;
import dev.pipeline.model.csv.EventCsv;
import dev.pipeline.model.validation.EventRejectedException;
import dev.pipeline.model.validation.Reason;
import dev.pipeline.model.validation.Rejection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one file of {@code raw/} line by line with the collector's own rules ({@link EventCsv}): each
 * line becomes a valid event or a rejection with its line number. The file's contract form never
 * spans lines (values hold no control characters), so a physical line is a record; a quoted field
 * broken by a line break yields two malformed lines, both quarantined, and the lines after it are
 * unaffected. Headers (anywhere, as concatenated files repeat them), blank lines, a UTF-8 byte order
 * mark and CRLF endings are tolerated; a line that is not UTF-8 is rejected as {@code csv_encoding}.
 */
public final class RawFileParser {

    /** What the parser reports, line by line. */
    public interface Rows {
        void valid(UserEvent event, int line);

        /** {@code raw} is the line as text (bad bytes replaced); {@code bytes} the line exactly as in the file. */
        void rejected(Rejection rejection, int line, String raw, byte[] bytes);
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private RawFileParser() {
    }

    public static void parse(byte[] file, Rows rows) {
        CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = startsWithBom(file) ? BOM.length : 0;
        int lineNumber = 0;
        while (start < file.length) {
            int end = indexOfNewline(file, start);
            lineNumber++;
            parseLine(file, start, end, lineNumber, strictUtf8, rows);
            start = end + 1;
        }
    }

    private static void parseLine(byte[] file, int start, int end, int lineNumber, CharsetDecoder utf8, Rows rows) {
        int length = end - start;
        if (length == 0 || (length == 1 && file[start] == '\r')) {
            return;
        }
        String line;
        try {
            line = utf8.decode(ByteBuffer.wrap(file, start, length)).toString();
        } catch (CharacterCodingException e) {
            byte[] bytes = Arrays.copyOfRange(file, start, end);
            rows.rejected(new Rejection(Reason.CSV_ENCODING, "line " + lineNumber + " is not valid UTF-8"),
                    lineNumber, new String(bytes, StandardCharsets.UTF_8), bytes);
            return;
        }
        if (EventCsv.isHeader(line)) {
            return;
        }
        String misquoted = line.indexOf('"') < 0 ? null : misplacedQuote(line);
        if (misquoted != null) {
            rows.rejected(new Rejection(Reason.CSV_MALFORMED, "line is not valid CSV: " + misquoted), lineNumber, line, null);
            return;
        }
        try {
            rows.valid(EventCsv.parse(line), lineNumber);
        } catch (EventRejectedException e) {
            rows.rejected(e.rejection(), lineNumber, line, null);
        }
    }

    /**
     * Where a line breaks RFC 4180's quoting in a way Jackson's CSV reader lets pass: a quote inside an
     * unquoted field ({@code u"1}, {@code  "u-1"}) is read as a literal quote, and whitespace after a
     * closing quote ({@code "u-1" ,}) is silently dropped, so a hostile line would load with values
     * nobody wrote. The collector quotes every field holding a quote, so its lines always pass.
     * Unterminated quotes and other characters after a closing quote are left to the reader, which
     * rejects them itself. Returns {@code null} when the quoting is well formed.
     */
    static String misplacedQuote(String line) {
        String body = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        int i = 0;
        int quote = -1; // the next quote at or after i, searched once per quote, not once per field
        while (i <= body.length()) {
            if (i < body.length() && body.charAt(i) == '"') {
                int close = closingQuote(body, i + 1);
                if (close < 0) {
                    return null; // unterminated: the reader says so
                }
                i = close + 1;
                if (i < body.length() && body.charAt(i) != ',') {
                    return "character after the closing quote at position " + i;
                }
            } else {
                if (quote < i) {
                    quote = body.indexOf('"', i);
                    if (quote < 0) {
                        return null; // no quote left: the rest is plain fields
                    }
                }
                int comma = body.indexOf(',', i);
                if (comma < 0 || quote < comma) {
                    return "quote inside an unquoted field at position " + quote;
                }
                i = comma;
            }
            i++; // past the comma (or the end)
        }
        return null;
    }

    /** The index of the quote closing a field whose content starts at {@code from}; -1 if none. */
    private static int closingQuote(String body, int from) {
        int i = from;
        while (true) {
            int quote = body.indexOf('"', i);
            if (quote < 0) {
                return -1;
            }
            if (quote + 1 < body.length() && body.charAt(quote + 1) == '"') {
                i = quote + 2; // an escaped quote
            } else {
                return quote;
            }
        }
    }

    private static boolean startsWithBom(byte[] file) {
        return file.length >= BOM.length && file[0] == BOM[0] && file[1] == BOM[1] && file[2] == BOM[2];
    }

    private static int indexOfNewline(byte[] file, int from) {
        for (int i = from; i < file.length; i++) {
            if (file[i] == '\n') {
                return i;
            }
        }
        return file.length;
    }
}

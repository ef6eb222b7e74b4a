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
 * Reads one file of {@code raw/} record by record with the collector's own rules ({@link EventCsv}):
 * each RFC 4180 record becomes a valid event or a rejection with the number of its (first) line.
 *
 * <p><b>Records.</b> A record ends at a line feed (LF or CRLF) outside quotes, so a quoted field
 * holding a line break makes one record of several lines. No such record is valid (values hold no
 * control characters), but it is quarantined once, with the reason of the rule it breaks (a line
 * break in {@code user_id} is {@code control_character}, in {@code event_id} {@code event_id_format},
 * as the collector would say), its first line's number and its whole text; the records around it
 * load. A bare CR is not a line end (RFC 4180's is CRLF; the collector writes LF): outside quotes it
 * makes the line {@code csv_malformed}, inside quotes it is the field's {@code control_character}. A
 * file with CR-only line ends is therefore one line, quarantined whole.
 *
 * <p><b>Bounds.</b> Only well-formed quoting joins lines, and only so far: a record may span at most
 * {@link #MAX_RECORD_LINES} lines and {@link #MAX_RECORD_BYTES} bytes (the quarantine's cap on a
 * record's text, so a joined record is always kept whole). A line whose quoted field is still open
 * when that bound, the end of the file, or a quoting error on a later line (a quote inside an
 * unquoted field, anything but a comma or the line end after a closing quote) is reached is a
 * record of its own: {@code csv_malformed} for its unclosed quote, and reading resumes at the next
 * line. So an unterminated quote, a stray quote mid-field or a line that is a lone {@code "} costs
 * one record, never the rows after it.
 *
 * <p>Headers (anywhere, as concatenated files repeat them), blank lines, a UTF-8 byte order mark and
 * CRLF endings are tolerated; a record that is not UTF-8 is rejected as {@code csv_encoding}, alone.
 * A line without a quote (nearly every line the collector writes) is a record as it is: the quote
 * state is followed only through lines that hold a quote.
 */
public final class RawFileParser {

    /** What the parser reports, record by record. */
    public interface Rows {
        void valid(UserEvent event, int line);

        /**
         * {@code line} is the record's first line; {@code raw} the record as text (bad bytes replaced;
         * the line breaks of a record of several lines kept); {@code bytes} the record exactly as in
         * the file, given only when it is not UTF-8.
         */
        void rejected(Rejection rejection, int line, String raw, byte[] bytes);
    }

    /** The most lines one record may span (a quoted field holding up to 15 line breaks). */
    public static final int MAX_RECORD_LINES = 16;
    /** The most bytes a record of several lines may take: the quarantine keeps this much of a record. */
    public static final int MAX_RECORD_BYTES = 64 * 1024;

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
            int length = end - start;
            if (length == 0 || (length == 1 && file[start] == '\r')) {
                start = end + 1;
                continue; // a blank line
            }
            String line = decode(file, start, end, strictUtf8);
            // indexOf on the decoded line is an intrinsic: the common, quote-free line pays nothing more.
            boolean hasQuote = line != null ? line.indexOf('"') >= 0 : contains(file, start, end, (byte) '"');
            int recordEnd = hasQuote ? recordEnd(file, start, end) : end;
            if (recordEnd != end) {
                line = decode(file, start, recordEnd, strictUtf8);
            }
            parseRecord(file, start, recordEnd, line, lineNumber, rows);
            lineNumber += count(file, end, recordEnd, (byte) '\n');
            start = recordEnd + 1;
        }
    }

    /** One record, {@code file[start, end)}; {@code text} is its text, {@code null} if it is not UTF-8. */
    private static void parseRecord(byte[] file, int start, int end, String text, int lineNumber, Rows rows) {
        if (text == null) {
            byte[] bytes = Arrays.copyOfRange(file, start, end);
            rows.rejected(new Rejection(Reason.CSV_ENCODING, "line " + lineNumber + " is not valid UTF-8"),
                    lineNumber, new String(bytes, StandardCharsets.UTF_8), bytes);
            return;
        }
        if (EventCsv.isHeader(text)) {
            return;
        }
        String misquoted = text.indexOf('"') < 0 ? null : misplacedQuote(text);
        if (misquoted != null) {
            rows.rejected(new Rejection(Reason.CSV_MALFORMED, "line is not valid CSV: " + misquoted), lineNumber, text, null);
            return;
        }
        try {
            rows.valid(EventCsv.parse(text), lineNumber);
        } catch (EventRejectedException e) {
            rows.rejected(e.rejection(), lineNumber, text, null);
        }
    }

    /**
     * Where the record that starts at {@code start}, on the line that ends at {@code lineEnd}, ends:
     * at {@code lineEnd} unless the line leaves a quoted field open; then at the first line feed
     * after which the field is closed, provided the quoting up to there is RFC 4180 and the record
     * stays within {@link #MAX_RECORD_LINES} and {@link #MAX_RECORD_BYTES}. Otherwise (a quoting
     * error, the end of the file inside quotes, a bound passed) the line is a record alone, and
     * {@code lineEnd} is returned. Finds boundaries only: the record is then read by {@link EventCsv}.
     */
    static int recordEnd(byte[] file, int start, int lineEnd) {
        int lines = 1;
        boolean fieldStart = true;
        int i = start;
        while (i < file.length) {
            if (i > lineEnd && i - start > MAX_RECORD_BYTES) {
                return lineEnd; // a record of several lines, too long
            }
            byte b = file[i];
            if (b == '\n') {
                return i; // outside quotes: the record ends here
            } else if (b == ',') {
                fieldStart = true;
                i++;
            } else if (b != '"') {
                fieldStart = false;
                i++;
            } else if (!fieldStart) {
                return lineEnd; // a quote inside an unquoted field
            } else {
                // A quoted field: up to its closing quote, through line breaks, within the bounds.
                i++;
                while (true) {
                    if (i >= file.length || (i > lineEnd && i - start > MAX_RECORD_BYTES)) {
                        return lineEnd; // still open at the end of the file, or too long
                    }
                    byte q = file[i];
                    if (q == '"') {
                        if (i + 1 < file.length && file[i + 1] == '"') {
                            i += 2; // an escaped quote
                            continue;
                        }
                        break;
                    }
                    if (q == '\n' && ++lines > MAX_RECORD_LINES) {
                        return lineEnd;
                    }
                    i++;
                }
                i++; // past the closing quote: a comma, the line's end or the file's must follow
                if (i < file.length && file[i] == '\r' && (i + 1 == file.length || file[i + 1] == '\n')) {
                    i++;
                }
                if (i < file.length && file[i] != ',' && file[i] != '\n') {
                    return lineEnd; // a character after the closing quote
                }
                fieldStart = false; // a comma sets it again
            }
        }
        // The last record, without a line feed after it.
        return file.length > lineEnd && file.length - start > MAX_RECORD_BYTES ? lineEnd : file.length;
    }

    /**
     * Where a record breaks RFC 4180's quoting in a way Jackson's CSV reader lets pass: a quote inside
     * an unquoted field ({@code u"1}, {@code  "u-1"}) is read as a literal quote, and whitespace after
     * a closing quote ({@code "u-1" ,}) is silently dropped, so a hostile line would load with values
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

    /** {@code file[start, end)} as text, or {@code null} when it is not UTF-8. */
    private static String decode(byte[] file, int start, int end, CharsetDecoder utf8) {
        try {
            return utf8.decode(ByteBuffer.wrap(file, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            return null;
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

    private static boolean contains(byte[] file, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (file[i] == b) {
                return true;
            }
        }
        return false;
    }

    private static int count(byte[] file, int from, int to, byte b) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (file[i] == b) {
                n++;
            }
        }
        return n;
    }
}

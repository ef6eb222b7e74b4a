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
        try {
            rows.valid(EventCsv.parse(line), lineNumber);
        } catch (EventRejectedException e) {
            rows.rejected(e.rejection(), lineNumber, line, null);
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

package dev.pipeline.stream.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pipeline.model.json.EventJson;
import dev.pipeline.model.validation.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The quarantine records of one file of {@code raw/}: NDJSON in {@code error/}, one line per rejected
 * row with its reason, its source ({@code raw/<file>:<line>}) and the line itself.
 *
 * <p>The name is fixed by the batch and the input file, and the file appears by atomic rename, so a
 * replayed batch replaces its own records instead of quarantining a row twice.
 *
 * <p>A record keeps at most {@link #MAX_RAW_BYTES} of its line: a contract row is at most a few
 * KB, so a longer line is garbage, and copying a 10 MB line into one NDJSON record (twice, with its
 * Base64) would only make the quarantine hard to read and the task's memory spike. A cut record
 * says so: {@code raw} (and {@code raw_base64}) hold the line's first bytes, whole characters only,
 * {@code raw_truncated} is {@code true} and {@code raw_length} is the whole line's length in bytes.
 */
public final class QuarantineFile {

    /** The most of a rejected line a record keeps, in UTF-8 bytes. */
    public static final int MAX_RAW_BYTES = 64 * 1024;
    /** Bytes the input name may take in the quarantine file's name (255 in all, with prefix and suffix). */
    private static final int MAX_NAME_BYTES = 180;

    private final Path errorDir;
    private final String inputName;
    private final long batchId;
    private final String quarantinedAt = Instant.now().toString();
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private final JsonGenerator json;
    private int count;

    public QuarantineFile(Path errorDir, String inputName, long batchId) {
        this.errorDir = errorDir;
        this.inputName = inputName;
        this.batchId = batchId;
        try {
            this.json = EventJson.MAPPER.getFactory().createGenerator(records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.setRootValueSeparator(null);
    }

    /** {@code bytes} is given only when the line is not text (its exact bytes go along in Base64). */
    public void add(Rejection rejection, int line, String raw, byte[] bytes) {
        try {
            json.writeStartObject();
            json.writeStringField("reason", rejection.toString());
            json.writeStringField("reason_code", rejection.reason().code());
            json.writeStringField("source", "raw/" + inputName + ":" + line);
            json.writeStringField("file", inputName);
            json.writeNumberField("line", line);
            json.writeNumberField("batch_id", batchId);
            json.writeStringField("quarantined_at", quarantinedAt);
            int length = bytes != null ? bytes.length : utf8Length(raw);
            boolean cut = length > MAX_RAW_BYTES;
            json.writeStringField("raw", cut ? utf8Prefix(raw, MAX_RAW_BYTES) : raw);
            if (bytes != null) {
                json.writeStringField("raw_base64",
                        Base64.getEncoder().encodeToString(cut ? Arrays.copyOf(bytes, MAX_RAW_BYTES) : bytes));
            }
            if (cut) {
                json.writeBooleanField("raw_truncated", true);
                json.writeNumberField("raw_length", length);
            }
            json.writeEndObject();
            json.flush();
            records.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        count++;
    }

    public int count() {
        return count;
    }

    /**
     * File names are limited to 255 bytes; a long input name keeps its start and a hash of the whole.
     * The start is cut by bytes, not characters: 60 characters of a name of emoji are 240 bytes, and
     * the quarantine file's name then failed with "File name too long" in every retry of the batch,
     * which stalled the stream for good.
     */
    static String shortened(String inputName) {
        if (inputName.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return inputName;
        }
        return utf8Prefix(inputName, MAX_NAME_BYTES - 9) + "-" + Integer.toHexString(inputName.hashCode());
    }

    /** The longest start of {@code text} of at most {@code maxBytes} UTF-8 bytes, whole code points only. */
    static String utf8Prefix(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            bytes += utf8Length(codePoint);
            if (bytes > maxBytes) {
                break;
            }
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            bytes += utf8Length(text.codePointAt(i));
        }
        return bytes;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    /** Writes the records durably (nothing when there are none) and returns how many. */
    public int publish() throws IOException {
        if (count == 0) {
            return 0;
        }
        Files.createDirectories(errorDir);
        String name = "stream-b" + batchId + "-" + shortened(inputName) + ".ndjson";
        Path temporary = errorDir.resolve("." + name + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(records.toByteArray());
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(temporary, errorDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(errorDir, StandardOpenOption.READ)) {
            dir.force(true);
        }
        return count;
    }
}

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
import java.util.Base64;

/**
 * The quarantine records of one file of {@code raw/}: NDJSON in {@code error/}, one line per rejected
 * row with its reason, its source ({@code raw/<file>:<line>}) and the line itself.
 *
 * <p>The name is fixed by the batch and the input file, and the file appears by atomic rename, so a
 * replayed batch replaces its own records instead of quarantining a row twice.
 */
public final class QuarantineFile {

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
            json.writeStringField("raw", raw);
            if (bytes != null) {
                json.writeStringField("raw_base64", Base64.getEncoder().encodeToString(bytes));
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

    /** File names are limited to 255 bytes; a long input name keeps its start and a hash of the whole. */
    private static String shortened(String inputName) {
        if (inputName.getBytes(StandardCharsets.UTF_8).length <= 180) {
            return inputName;
        }
        String start = inputName.codePoints().limit(60)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return start + "-" + Integer.toHexString(inputName.hashCode());
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

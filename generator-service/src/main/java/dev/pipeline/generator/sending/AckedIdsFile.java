package dev.pipeline.generator.sending;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The ids of the events the collector recorded, one a line, appended as answers arrive
 * ({@code generator.acked-ids-file}). A valid event's line is its id; an invalid event's line is the
 * id it was sent with, a tab and the reason code the collector's quarantine record must carry. With
 * it a run is reconciled event by event: an acknowledged id found neither in PostgreSQL nor in the
 * quarantine is lost. Flushed after every batch, so a reader sees each id as soon as {@code /stats}
 * counts it. Without a path it writes nothing.
 */
public final class AckedIdsFile implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AckedIdsFile.class);

    private final BufferedWriter writer;
    private final Path path;
    private boolean broken;

    private AckedIdsFile(Path path, BufferedWriter writer) {
        this.path = path;
        this.writer = writer;
    }

    public static AckedIdsFile open(Optional<Path> path) {
        if (path.isEmpty()) {
            return new AckedIdsFile(null, null);
        }
        try {
            Path file = path.get().toAbsolutePath();
            Files.createDirectories(file.getParent());
            return new AckedIdsFile(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open generator.acked-ids-file " + path.get(), e);
        }
    }

    /**
     * Called on the HTTP client's event loop: a buffered append of a few kilobytes and one write
     * call per batch, cheap enough not to need a thread of its own.
     */
    public synchronized void append(Batch batch) {
        if (writer == null || broken) {
            return;
        }
        try {
            for (String id : batch.validIds()) {
                writer.write(id);
                writer.write('\n');
            }
            for (InvalidEvent event : batch.invalid()) {
                writer.write(event.eventId());
                writer.write('\t');
                writer.write(event.brokenRule().code());
                writer.write('\n');
            }
            writer.flush();
        } catch (IOException e) {
            // Sending goes on: the file only serves reconciliation, and a gap in it is reported here.
            broken = true;
            LOG.errorf(e, "Cannot append to %s; acknowledged ids are no longer recorded there", path);
        }
    }

    @Override
    public synchronized void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            LOG.warnf(e, "Cannot close %s", path);
        }
    }
}

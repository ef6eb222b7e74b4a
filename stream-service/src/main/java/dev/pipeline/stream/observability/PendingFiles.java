package dev.pipeline.stream.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import org.jboss.logging.Logger;

/** The files waiting in {@code raw/}: what the query has not consumed yet. */
public record PendingFiles(long files, long bytes, long oldestModifiedMillis) {

    private static final Logger LOG = Logger.getLogger(PendingFiles.class);
    /**
     * What the file source reads: {@code *.csv}, except names starting with {@code _} or {@code .},
     * which Spark's file listing treats as hidden and never reads; counting them would show a lag
     * that never drains.
     */
    private static final DirectoryStream.Filter<Path> PUBLISHED = path -> {
        String name = path.getFileName().toString();
        return name.endsWith(".csv") && !name.startsWith("_") && !name.startsWith(".");
    };

    /** @param consumed files still in {@code raw/} that are already loaded (archived a batch later) */
    public static PendingFiles scan(Path rawDir, Set<String> consumed) {
        long files = 0;
        long bytes = 0;
        long oldest = Long.MAX_VALUE;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(rawDir, PUBLISHED)) {
            for (Path entry : entries) {
                if (consumed.contains(entry.getFileName().toString())) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (NoSuchFileException archivedMeanwhile) {
                    continue;
                }
                files++;
                bytes += attributes.size();
                oldest = Math.min(oldest, attributes.lastModifiedTime().toMillis());
            }
        } catch (NoSuchFileException e) {
            return new PendingFiles(0, 0, Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + rawDir, e);
        }
        return new PendingFiles(files, bytes, oldest);
    }

    public long oldestAgeMillis(long now) {
        return files == 0 ? 0 : Math.max(0, now - oldestModifiedMillis);
    }

    /** Sets the modification time of files older than {@code thresholdMillis} to now. */
    public static void touchOlderThan(Path rawDir, long thresholdMillis) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(rawDir, PUBLISHED)) {
            for (Path entry : entries) {
                try {
                    if (Files.getLastModifiedTime(entry).toMillis() < thresholdMillis) {
                        Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
                        LOG.infof("Touched %s: it waited in raw/ long enough to be forgotten by the file source", entry.getFileName());
                    }
                } catch (NoSuchFileException archivedMeanwhile) {
                    // consumed while we looked
                }
            }
        } catch (IOException e) {
            LOG.warnf("Could not check the age of the files in %s: %s", rawDir, e.getMessage());
        }
    }
}

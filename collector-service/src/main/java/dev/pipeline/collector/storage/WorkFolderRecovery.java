package dev.pipeline.collector.storage;

import dev.pipeline.model.csv.EventCsv;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Publishes what collectors that died left in their work folders. Only whole lines are kept: a torn
 * last line can only belong to a write that was never fsynced, hence never acknowledged, so cutting
 * it loses nothing that was promised.
 */
public final class WorkFolderRecovery {

    private static final Logger LOG = Logger.getLogger(WorkFolderRecovery.class);

    private final DataLayout layout;

    public WorkFolderRecovery(DataLayout layout) {
        this.layout = layout;
    }

    /** Publishes the leftovers of every work folder whose collector is gone; returns the files published. */
    public int recoverAll() throws IOException {
        int published = 0;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(layout.work(), Files::isDirectory)) {
            for (Path folder : folders) {
                Optional<WorkFolderLock> lock = WorkFolderLock.tryAcquire(folder);
                if (lock.isEmpty()) {
                    continue; // a live collector's folder
                }
                try (WorkFolderLock held = lock.get()) {
                    published += recover(folder);
                }
                Files.deleteIfExists(folder.resolve(WorkFolderLock.FILE_NAME));
                Files.deleteIfExists(folder);
            }
        }
        return published;
    }

    private int recover(Path folder) throws IOException {
        int published = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + RollingFile.WORK_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String finalName = name.substring(0, name.length() - RollingFile.WORK_SUFFIX.length());
                boolean csv = finalName.endsWith(".csv");
                Path target = (csv ? layout.raw() : layout.error()).resolve(finalName);
                // Work CSV files start with the header: only what lies beyond it is data.
                if (cutTornTail(file, csv ? EventCsv.HEADER_BYTES.length : 0)) {
                    // The stream's file source skips files much older than the newest it has seen: a
                    // file written before a long outage must look as new as it is to the stream.
                    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
                    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                    Fsync.directory(target.getParent());
                    LOG.infof("Recovered %s from an earlier run into %s", finalName, target.getParent());
                    published++;
                } else {
                    Files.delete(file);
                }
            }
        }
        return published;
    }

    /**
     * Truncates the file after its last newline and syncs it.
     *
     * @return whether it still holds data beyond its first {@code headerBytes}
     */
    private static boolean cutTornTail(Path file, long headerBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long keep = lastNewline(channel, size) + 1;
            if (keep < size) {
                LOG.warnf("Dropping %d bytes of a torn, unacknowledged last line in %s", size - keep, file.getFileName());
                channel.truncate(keep);
            }
            channel.force(false);
            return keep > headerBytes;
        }
    }

    private static long lastNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - buffer.capacity());
            buffer.clear().limit((int) (end - start));
            channel.read(buffer, start);
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return start + i;
                }
            }
            end = start;
        }
        return -1;
    }
}

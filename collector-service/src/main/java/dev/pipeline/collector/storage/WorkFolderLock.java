package dev.pipeline.collector.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on a work folder, held for the life of the collector that writes in it. A folder
 * whose lock can be taken belongs to a collector that is gone, and its leftovers may be published.
 */
final class WorkFolderLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private WorkFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when a live collector (in this or another process) holds it. */
    static Optional<WorkFolderLock> tryAcquire(Path folder) throws IOException {
        FileChannel channel = FileChannel.open(folder.resolve(FILE_NAME),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new WorkFolderLock(channel, lock));
            }
        } catch (OverlappingFileLockException heldInThisProcess) {
            // another collector in this JVM (tests run several) owns the folder
        }
        channel.close();
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}

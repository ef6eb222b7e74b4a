package dev.pipeline.collector.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only file written in a work folder and published, complete, by atomic rename into its
 * target folder. Readers of the target folder never see a partly written file. Used by one thread.
 */
final class RollingFile {

    /** Suffix of files still being written; recovery publishes leftovers with it stripped. */
    static final String WORK_SUFFIX = ".part";

    private final Path workDir;
    private final Path targetDir;
    private final FileNamer namer;
    private final String kind;
    private final String extension;
    private final byte[] header;

    private FileChannel channel;
    private String name;
    private long size;
    private long openedAtNanos;
    private boolean unsynced;

    RollingFile(Path workDir, Path targetDir, FileNamer namer, String kind, String extension, byte[] header) {
        this.workDir = workDir;
        this.targetDir = targetDir;
        this.namer = namer;
        this.kind = kind;
        this.extension = extension;
        this.header = header;
    }

    /** Appends whole records; opens a new file (header first) when none is open. */
    void append(ByteBuffer data) throws IOException {
        if (channel == null) {
            open();
        }
        while (data.hasRemaining()) {
            size += channel.write(data);
        }
        unsynced = true;
    }

    /** Size of the open file, 0 when none is open. */
    long size() {
        return channel == null ? 0 : size;
    }

    /** Cuts off a failed append, so the file never holds half a record before the next one. */
    void truncate(long goodSize) throws IOException {
        if (channel != null && size > goodSize) {
            channel.truncate(goodSize);
            size = goodSize;
        }
    }

    /** Forces appended data to disk; returns whether there was anything to sync. */
    boolean sync() throws IOException {
        if (channel == null || !unsynced) {
            return false;
        }
        channel.force(false);
        unsynced = false;
        return true;
    }

    boolean isDue(long nowNanos, long intervalNanos, long maxBytes) {
        return channel != null && (nowNanos - openedAtNanos >= intervalNanos || size >= maxBytes);
    }

    /**
     * Syncs, closes and renames the open file into the target folder.
     *
     * @return the published file's size in bytes, 0 when no file was open
     */
    long publish() throws IOException {
        if (channel == null) {
            return 0;
        }
        channel.force(false);
        channel.close();
        channel = null;
        Files.move(workDir.resolve(name + WORK_SUFFIX), targetDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Fsync.directory(targetDir);
        return size;
    }

    private void open() throws IOException {
        name = namer.next(kind, extension);
        channel = FileChannel.open(workDir.resolve(name + WORK_SUFFIX),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        // The new directory entry must be durable before any event in the file is acknowledged.
        Fsync.directory(workDir);
        size = 0;
        openedAtNanos = System.nanoTime();
        if (header != null) {
            append(ByteBuffer.wrap(header));
        }
    }
}

package dev.pipeline.stream.query;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.execution.streaming.CheckpointFileManager;
import org.apache.spark.sql.execution.streaming.FileContextBasedCheckpointFileManager;

/**
 * How Spark writes the query's checkpoint ({@code offsets/}, {@code commits/}, the file source's
 * log) when it is on a local disk, as ours is: with {@code java.nio}, each file written beside its
 * final name, forced to disk and moved into place in one step.
 *
 * <p>Why not Spark's default: it goes through Hadoop's local file system, which without Hadoop's
 * native library sets a new file's permissions by running {@code chmod} and resolves a rename's
 * links by running {@code readlink}: two processes forked by a JVM of hundreds of MB for each of the
 * three files of every micro-batch. That was 90 ms of each of the batch's three checkpoint steps,
 * 270 ms of a batch of 450 (BENCHMARKS.md), the largest part of the latency at the low-latency
 * settings. A checkpoint elsewhere (a cluster's HDFS, an object store) keeps Spark's default.
 *
 * <p>Set as {@code spark.sql.streaming.checkpointFileManagerClass} by {@code SparkSessions}; Spark
 * builds it with the checkpoint's path and its Hadoop configuration.
 */
public final class LocalCheckpointFiles implements CheckpointFileManager {

    private final Path root;
    private final CheckpointFileManager elsewhere;
    private final FileSystem local;

    public LocalCheckpointFiles(Path path, Configuration hadoop) throws IOException {
        this.root = path;
        String scheme = path.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            this.elsewhere = null;
            RawLocalFileSystem files = new RawLocalFileSystem();
            files.initialize(java.net.URI.create("file:///"), hadoop);
            this.local = files;
        } else {
            this.elsewhere = new FileContextBasedCheckpointFileManager(path, hadoop);
            this.local = null;
        }
    }

    @Override
    public CancellableFSDataOutputStream createAtomic(Path path, boolean overwriteIfPossible) {
        if (elsewhere != null) {
            return elsewhere.createAtomic(path, overwriteIfPossible);
        }
        java.nio.file.Path target = nio(path);
        java.nio.file.Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new AtomicFile(channel, temp, target, overwriteIfPossible);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + temp, e);
        }
    }

    @Override
    public FSDataInputStream open(Path path) {
        try {
            return elsewhere != null ? elsewhere.open(path) : local.open(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public FileStatus[] list(Path path, PathFilter filter) {
        if (elsewhere != null) {
            return elsewhere.list(path, filter);
        }
        try {
            return local.listStatus(path, filter);
        } catch (java.io.FileNotFoundException e) {
            return new FileStatus[0];
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void mkdirs(Path path) {
        if (elsewhere != null) {
            elsewhere.mkdirs(path);
            return;
        }
        try {
            Files.createDirectories(nio(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public boolean exists(Path path) {
        return elsewhere != null ? elsewhere.exists(path) : Files.exists(nio(path));
    }

    /** A file or a folder with what it holds; and a file's checksum from Spark's default manager, if any. */
    @Override
    public void delete(Path path) {
        if (elsewhere != null) {
            elsewhere.delete(path);
            return;
        }
        java.nio.file.Path target = nio(path);
        try (Stream<java.nio.file.Path> all = Files.walk(target)) {
            for (java.nio.file.Path each : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
            Files.deleteIfExists(target.resolveSibling("." + target.getFileName() + ".crc"));
        } catch (NoSuchFileException gone) {
            // deleted already
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public boolean isLocal() {
        return elsewhere == null || elsewhere.isLocal();
    }

    @Override
    public Path createCheckpointDirectory() {
        if (elsewhere != null) {
            return elsewhere.createCheckpointDirectory();
        }
        mkdirs(root);
        return local.makeQualified(root);
    }

    private static java.nio.file.Path nio(Path path) {
        return java.nio.file.Path.of(path.toUri().getPath());
    }

    /** Written beside its final name; on close forced to disk and moved into place; on cancel deleted. */
    private static final class AtomicFile extends CancellableFSDataOutputStream {

        private final FileChannel channel;
        private final java.nio.file.Path temp;
        private final java.nio.file.Path target;
        private final boolean overwrite;
        private boolean done;

        AtomicFile(FileChannel channel, java.nio.file.Path temp, java.nio.file.Path target, boolean overwrite) {
            super(java.nio.channels.Channels.newOutputStream(channel));
            this.channel = channel;
            this.temp = temp;
            this.target = target;
            this.overwrite = overwrite;
        }

        @Override
        public synchronized void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try {
                flush();
                channel.force(false);
                super.close();
                if (overwrite) {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    // A link fails if the name exists, where a rename would replace it: two writers of
                    // the same batch (a query started twice on one checkpoint) are told, as Spark expects.
                    Files.createLink(target, temp);
                    Files.delete(temp);
                }
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(temp);
                throw new org.apache.hadoop.fs.FileAlreadyExistsException(target + " exists");
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
        }

        @Override
        public synchronized void cancel() {
            if (done) {
                return;
            }
            done = true;
            try {
                super.close();
            } catch (IOException e) {
                // being thrown away anyway
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // a stray temporary file: Spark's log ignores names that are not batch ids
            }
        }
    }
}

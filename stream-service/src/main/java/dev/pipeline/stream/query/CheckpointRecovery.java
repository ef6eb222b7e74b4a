package dev.pipeline.stream.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSError;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.CommitLog;
import org.apache.spark.sql.execution.streaming.FileStreamSourceLog;
import org.apache.spark.sql.execution.streaming.HDFSMetadataLog;
import org.apache.spark.sql.execution.streaming.OffsetSeqLog;
import org.apache.spark.sql.execution.streaming.StreamMetadata;

/**
 * What to do when the query's checkpoint cannot be read: a crash of the machine (Spark does not
 * fsync its checkpoint files) or a careless hand can leave an offsets or commit file cut short or
 * full of garbage, and Spark then fails at every start, for ever ("Unexpected end-of-input", "Log
 * file was malformed"). The checkpoint is then read here with Spark's own readers, file by file;
 * only if one of them finds a file it cannot make sense of is the folder moved aside, so that the
 * query starts from a fresh one.
 *
 * <p>That is safe because the checkpoint is not what makes the load exactly once: PostgreSQL is.
 * A fresh query reads every file still in {@code raw/} again, and the sink skips every
 * {@code event_id} already stored; files in {@code processed/} were archived only after their batch
 * was committed, so none of them is missing. The one visible effect: the bad rows of files read
 * again are quarantined again, under the new batch's name.
 */
final class CheckpointRecovery {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private CheckpointRecovery() {
    }

    /**
     * Reads every file Spark reads when it starts the query from {@code checkpoint}: the query's
     * metadata, each offsets and commit log entry, each source's file log.
     *
     * @return what cannot be read, and why; empty when Spark can read it all, or when a file could
     *     not be read for a reason that says nothing about its content (an I/O error: try later)
     */
    static Optional<String> unreadable(SparkSession spark, Path checkpoint) {
        if (!Files.isDirectory(checkpoint)) {
            return Optional.empty();
        }
        Path current = checkpoint.resolve("metadata");
        try {
            if (Files.exists(current)) {
                StreamMetadata.read(new org.apache.hadoop.fs.Path(current.toString()),
                        spark.sparkContext().hadoopConfiguration());
            }
            for (Path log : logs(checkpoint)) {
                current = log;
                HDFSMetadataLog<?> reader = reader(spark, checkpoint, log);
                for (long batchId : reader.listBatches()) {
                    current = log.resolve(Long.toString(batchId));
                    reader.get(batchId);
                }
            }
            return Optional.empty();
        } catch (Exception | FSError e) {
            // FSError: Hadoop's local file system reports a read that failed on the disk as an Error.
            if (!isAboutContent(e)) {
                return Optional.empty();
            }
            return Optional.of(checkpoint.relativize(current) + ": " + e);
        }
    }

    /** Renames the folder to {@code checkpoints-corrupt-<UTC time>} beside it; returns the new name. */
    static Path moveAside(Path checkpoint) throws IOException {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        Path aside = checkpoint.resolveSibling(checkpoint.getFileName() + "-corrupt-" + stamp);
        for (int n = 2; Files.exists(aside); n++) {
            aside = checkpoint.resolveSibling(checkpoint.getFileName() + "-corrupt-" + stamp + "-" + n);
        }
        Files.move(checkpoint, aside, StandardCopyOption.ATOMIC_MOVE);
        Files.createDirectories(checkpoint);
        return aside;
    }

    /** The metadata logs of a checkpoint: {@code offsets}, {@code commits} and {@code sources/<n>}. */
    private static List<Path> logs(Path checkpoint) throws IOException {
        List<Path> logs = new ArrayList<>();
        for (String name : new String[] {"offsets", "commits"}) {
            if (Files.isDirectory(checkpoint.resolve(name))) {
                logs.add(checkpoint.resolve(name));
            }
        }
        Path sources = checkpoint.resolve("sources");
        if (Files.isDirectory(sources)) {
            try (Stream<Path> each = Files.list(sources)) {
                each.filter(Files::isDirectory).sorted().forEach(logs::add);
            }
        }
        return logs;
    }

    private static HDFSMetadataLog<?> reader(SparkSession spark, Path checkpoint, Path log) {
        String path = log.toString();
        if (log.getParent().equals(checkpoint.resolve("sources"))) {
            return new FileStreamSourceLog(FileStreamSourceLog.VERSION(), spark, path);
        }
        return log.getFileName().toString().equals("offsets") ? new OffsetSeqLog(spark, path) : new CommitLog(spark, path);
    }

    /**
     * Whether a reader's failure says the file's content is bad (cut short, not JSON, wrong version
     * line, failed checksum), as opposed to the disk or the file system failing now.
     */
    private static boolean isAboutContent(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException || cause instanceof EOFException
                    || cause instanceof ChecksumException || cause instanceof CharacterCodingException) {
                return true;
            }
            if (cause instanceof IOException) {
                return false;
            }
        }
        // No I/O error under it: Spark refused the content ("Log file was malformed", "Incomplete log file", a MatchError…).
        return true;
    }
}

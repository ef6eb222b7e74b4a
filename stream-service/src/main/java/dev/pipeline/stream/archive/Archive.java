package dev.pipeline.stream.archive;

import dev.pipeline.stream.sink.BatchLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The driver's side of the archive. Each partition publishes its own part and takes its own files
 * out of {@code raw/} right after it commits ({@link PartitionArchive#finish}); once the whole batch
 * is recorded, {@link #finish} does it again for the batch from the ledger (nothing is left to do
 * unless a partition's finish failed: every step is a rename or a delete that finds nothing the
 * second time). So {@code raw/} holds only files not loaded yet, whether more data follows or not.
 *
 * <p>A crash can fall between a commit and these moves. {@link #recover} finishes the job from
 * the ledger before the first batch of a query: a file of {@code raw/} that this query (this
 * checkpoint) recorded in {@code stream_files} is loaded and goes; a staged part recorded there is
 * committed and is published. Only this query's records count for files: a file put back into
 * {@code raw/} under a name an earlier checkpoint loaded (to load it again, after deleting
 * {@code checkpoints/}) is read, not deleted.
 * A part recorded nowhere belongs to a partition that never committed (its rerun stages it again):
 * it is deleted once old enough that no task can still be writing it.
 */
public final class Archive {

    private static final Logger LOG = Logger.getLogger(Archive.class);
    /** A staged part this old with no commit recorded is a crashed partition's, never a running one's. */
    private static final Duration ABANDONED = Duration.ofHours(1);

    private final Path rawDir;
    private final PartitionArchive partitions;
    private final ArchivePublisher publisher;
    private final BatchLedger ledger;

    public Archive(ArchiveFormat format, Path rawDir, Path processedDir, BatchLedger ledger) {
        this.rawDir = rawDir;
        this.partitions = new PartitionArchive(format, rawDir, processedDir);
        this.publisher = partitions.publisher();
        this.ledger = ledger;
    }

    /** What each partition of a batch is given to stage its rows and finish its files. */
    public PartitionArchive forPartitions() {
        return partitions;
    }

    /** Publishes the parts of a committed batch and takes its files out of {@code raw/}. */
    public void finish(UUID queryId, long batchId, Collection<String> fileNames) throws SQLException, IOException {
        for (String part : ledger.archiveParts(queryId, batchId)) {
            publisher.publish(part);
        }
        for (String name : fileNames) {
            partitions.takeOutOfRaw(name);
        }
    }

    /** Finishes what a crash left between a commit of the query {@code queryId} and {@link #finish}. */
    public void recover(UUID queryId) throws SQLException, IOException {
        List<String> staged = publisher.stagedParts();
        Set<String> committed = staged.isEmpty() ? Set.of() : ledger.committedParts(staged);
        int published = 0;
        int abandoned = 0;
        for (String part : staged) {
            if (committed.contains(part)) {
                publisher.publish(part);
                published++;
            } else if (isAbandoned(publisher.stagingDir().resolve(part))) {
                ArchivePublisher.deleteFolder(publisher.stagingDir().resolve(part));
                abandoned++;
            }
        }
        List<String> waiting = rawFiles();
        Set<String> loaded = waiting.isEmpty() ? Set.of() : ledger.loadedFiles(queryId, waiting);
        for (String name : loaded) {
            partitions.takeOutOfRaw(name);
        }
        if (published + abandoned + loaded.size() > 0) {
            LOG.infof("Finished what a stop left: %d committed archive part(s) published, %d loaded file(s) taken"
                    + " out of raw/, %d abandoned part(s) of uncommitted partitions deleted", published, loaded.size(),
                    abandoned);
        }
    }

    private List<String> rawFiles() throws IOException {
        List<String> names = new ArrayList<>();
        for (Path file : ArchivePublisher.list(rawDir)) {
            String name = file.getFileName().toString();
            if (name.endsWith(".csv")) {
                names.add(name);
            }
        }
        return names;
    }

    private static boolean isAbandoned(Path folder) throws IOException {
        try {
            return Files.getLastModifiedTime(folder).toMillis() < System.currentTimeMillis() - ABANDONED.toMillis();
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}

package dev.pipeline.stream.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.model.UserEvent;
import dev.pipeline.stream.RawFolder;
import dev.pipeline.stream.TestPostgres;
import dev.pipeline.stream.sink.BatchLedger;
import dev.pipeline.stream.sink.PartitionTransaction;
import dev.pipeline.stream.sink.RecentlyStoredIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crash leaves between a partition's commit and the driver's moves, and how
 * {@link Archive#recover} finishes it, against a real PostgreSQL and real files: each committed row
 * ends up in the archive once, each loaded file leaves {@code raw/}, nothing uncommitted is published.
 */
class ArchiveRecoveryTest {

    private static final Instant DAY_1 = Instant.parse("2026-11-30T23:59:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-12-01T00:01:00Z");

    @TempDir
    Path data;
    private final String p = RawFolder.uniquePrefix();
    private final UUID query = UUID.randomUUID();
    private BatchLedger ledger;
    private Path raw;
    private Path processed;

    @BeforeEach
    void setUp() throws Exception {
        ledger = new BatchLedger(TestPostgres.get().dataSource());
        ledger.ensureSchema();
        raw = Files.createDirectories(data.resolve("raw"));
        processed = Files.createDirectories(data.resolve("processed"));
    }

    @Test
    void aCommittedPartitionIsPublishedAndItsFilesLeaveRawAfterACrashBeforeTheMoves() throws Exception {
        Archive archive = new Archive(ArchiveFormat.PARQUET, raw, processed, ledger);
        List<UserEvent> rows = concat(ArchiveFiles.events(p, 0, 30, DAY_1), ArchiveFiles.events(p, 30, 20, DAY_2));
        String part = commitPartition(archive, 3, List.of(p + "a.csv", p + "b.csv"), rows);
        // The crash: committed, staged, nothing moved yet.
        assertThat(processed.resolve("_staging").resolve(part)).isDirectory();
        assertThat(raw.resolve(p + "a.csv")).exists();

        archive.recover(query);

        assertThat(raw.resolve(p + "a.csv")).doesNotExist();
        assertThat(raw.resolve(p + "b.csv")).doesNotExist();
        assertThat(raw.resolve(p + "waiting.csv")).exists();
        assertThat(processed.resolve("_staging").resolve(part)).doesNotExist();
        assertThat(processed.resolve("event_date=2026-11-30").resolve(part + ".parquet")).exists();
        assertThat(processed.resolve("event_date=2026-12-01").resolve(part + ".parquet")).exists();
        assertThat(ArchiveFiles.rows(processed)).containsExactlyInAnyOrderElementsOf(rows);

        // A file an earlier checkpoint loaded, put back to load it again after checkpoints/ was deleted.
        Files.writeString(raw.resolve(p + "a.csv"), "again");
        archive.recover(UUID.randomUUID());
        assertThat(raw.resolve(p + "a.csv")).exists();
        Files.delete(raw.resolve(p + "a.csv"));

        // The replayed batch finishes again (Spark runs it once more): nothing moves twice, nothing fails.
        archive.finish(query, 3, List.of(p + "a.csv", p + "b.csv"));
        archive.recover(query);
        assertThat(ArchiveFiles.rows(processed)).hasSize(50);
    }

    @Test
    void aPartitionPublishesItsPartAndTakesItsFilesOutOfRawRightAfterItsCommit() throws Exception {
        Archive archive = new Archive(ArchiveFormat.PARQUET, raw, processed, ledger);
        List<UserEvent> rows = ArchiveFiles.events(p, 0, 10, DAY_2);
        String part = commitPartition(archive, 4, List.of(p + "a.csv"), rows);

        archive.forPartitions().finish(part, List.of(p + "a.csv"));

        assertThat(raw.resolve(p + "a.csv")).doesNotExist();
        assertThat(raw.resolve(p + "waiting.csv")).exists();
        assertThat(ArchiveFiles.rows(processed)).containsExactlyInAnyOrderElementsOf(rows);
        // The driver's finish of the batch after it finds nothing left to do.
        archive.finish(query, 4, List.of(p + "a.csv"));
        assertThat(ArchiveFiles.rows(processed)).hasSize(10);
    }

    @Test
    void anUncommittedPartsStagingIsNeverPublishedAndGoesOnceAbandoned() throws Exception {
        Archive archive = new Archive(ArchiveFormat.PARQUET, raw, processed, ledger);
        PartitionArchive staging = new PartitionArchive(ArchiveFormat.PARQUET, raw, processed);
        staging.stage("q0-b9-young", ArchiveFiles.events(p, 0, 5, DAY_1));
        staging.stage("q0-b9-old", ArchiveFiles.events(p, 5, 5, DAY_1));
        Path old = processed.resolve("_staging/q0-b9-old");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.writeString(raw.resolve(p + "never-loaded.csv"), "x");

        archive.recover(query);

        assertThat(ArchiveFiles.rows(processed)).isEmpty();
        assertThat(processed.resolve("_staging/q0-b9-young")).isDirectory();
        assertThat(old).doesNotExist();
        assertThat(raw.resolve(p + "never-loaded.csv")).exists();
    }

    @Test
    void aPartitionRunAgainReplacesWhatItStagedBefore() throws Exception {
        PartitionArchive staging = new PartitionArchive(ArchiveFormat.PARQUET, processed.resolveSibling("raw"), processed);
        staging.stage("q0-b1-x", ArchiveFiles.events(p, 0, 10, DAY_1));
        staging.stage("q0-b1-x", ArchiveFiles.events(p, 0, 4, DAY_2));
        assertThat(ArchivePublisher.list(processed.resolve("_staging/q0-b1-x")))
                .extracting(f -> f.getFileName().toString()).containsExactly("event_date=2026-12-01.parquet");
    }

    @Test
    void csvKeepsTheLoadedFilesAsTheyWereAndNoneDeletesThem() throws Exception {
        Archive csv = new Archive(ArchiveFormat.CSV, raw, processed, ledger);
        commitPartition(csv, 1, List.of(p + "a.csv"), ArchiveFiles.events(p, 0, 3, DAY_1));
        csv.finish(query, 1, List.of(p + "a.csv"));
        assertThat(raw.resolve(p + "a.csv")).doesNotExist();
        assertThat(processed.resolve(p + "a.csv")).hasContent("rows of " + p + "a.csv");
        assertThat(processed.resolve("_staging")).doesNotExist();

        Archive none = new Archive(ArchiveFormat.NONE, raw, processed, ledger);
        commitPartition(none, 2, List.of(p + "b.csv"), ArchiveFiles.events(p, 3, 3, DAY_1));
        none.finish(query, 2, List.of(p + "b.csv"));
        assertThat(raw.resolve(p + "b.csv")).doesNotExist();
        assertThat(processed.resolve(p + "b.csv")).doesNotExist();
    }

    /** What a partition does: its files in raw/, its rows stored and staged, all committed. */
    private String commitPartition(Archive archive, long batchId, List<String> files, List<UserEvent> rows)
            throws Exception {
        for (String file : files) {
            Files.writeString(raw.resolve(file), "rows of " + file);
        }
        Files.writeString(raw.resolve(p + "waiting.csv"), "not loaded yet");
        String part = PartitionArchive.partName(query, batchId, files);
        PartitionArchive staging = archive.forPartitions();
        try (Connection connection = TestPostgres.get().connect()) {
            PartitionTransaction transaction = new PartitionTransaction(connection, query, batchId,
                    RecentlyStoredIds.of("archive-recovery-test"));
            transaction.stage(rows);
            transaction.commit(files.stream().map(f -> new PartitionTransaction.LoadedFile(f, rows.size(), 0)).toList(),
                    part, staging.keepsRows() ? stored -> staging.stage(part, stored) : null);
        }
        return part;
    }

    private static List<UserEvent> concat(List<UserEvent> a, List<UserEvent> b) {
        List<UserEvent> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

}

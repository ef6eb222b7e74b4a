package dev.pipeline.stream.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.model.UserEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction merges a date folder's batch parts into one file, each row once, also across a crash. */
class ArchiveCompactorTest {

    private static final Instant DAY = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path processed;
    private final List<UserEvent> all = new ArrayList<>();

    @BeforeEach
    void threeBatchPartsOfOneDay() throws Exception {
        PartitionArchive staging = new PartitionArchive(ArchiveFormat.PARQUET, processed.resolveSibling("raw"), processed);
        ArchivePublisher publisher = new ArchivePublisher(processed);
        for (int batch = 0; batch < 3; batch++) {
            List<UserEvent> rows = ArchiveFiles.events("c" + batch + "-", 0, 100, DAY);
            staging.stage("q0-b" + batch + "-x", rows);
            publisher.publish("q0-b" + batch + "-x");
            Files.setLastModifiedTime(folder().resolve("q0-b" + batch + "-x.parquet"),
                    FileTime.from(DAY.plusSeconds(60L * batch)));
            all.addAll(rows);
        }
    }

    @Test
    void thePartsOfADayBecomeOneFileWithEveryRowOnceAndTheNewestPartsTime() throws Exception {
        ArchiveCompactor.Result result = new ArchiveCompactor(processed).compactAll();

        assertThat(result.inputs()).isEqualTo(3);
        assertThat(result.rows()).isEqualTo(300);
        List<Path> files = ArchiveFiles.parquetFiles(processed);
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).startsWith("c-");
        assertThat(Files.getLastModifiedTime(files.get(0)).toInstant()).isEqualTo(DAY.plusSeconds(120));
        assertThat(ArchiveFiles.rows(processed)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(ArchivePublisher.list(processed.resolve(ArchiveCompactor.COMPACT))).isEmpty();

        // A day with one file left is not merged again.
        assertThat(new ArchiveCompactor(processed).compactAll().inputs()).isZero();
    }

    @Test
    void aCompactionCommittedBeforeACrashIsFinishedOnRecovery() throws Exception {
        Path work = Files.createDirectories(processed.resolve(ArchiveCompactor.COMPACT));
        List<Path> inputs = ArchivePublisher.list(folder());
        // The merged file written and the manifest committed, then the crash: nothing moved, nothing deleted.
        Path merged = work.resolve("c-1-crashed.parquet");
        try (var writer = EventParquetWriter.open(merged)) {
            for (UserEvent event : all) {
                writer.write(event);
            }
        }
        List<String> manifest = new ArrayList<>(List.of("event_date=2026-12-01/c-1-crashed.parquet"));
        inputs.forEach(input -> manifest.add(processed.relativize(input).toString()));
        Files.write(work.resolve("c-1-crashed.manifest"), manifest, StandardCharsets.UTF_8);

        new ArchiveCompactor(processed).recover();

        assertThat(ArchiveFiles.parquetFiles(processed)).extracting(f -> f.getFileName().toString())
                .containsExactly("c-1-crashed.parquet");
        assertThat(ArchiveFiles.rows(processed)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(ArchivePublisher.list(work)).isEmpty();
    }

    @Test
    void aCompactionNotCommittedBeforeACrashIsDropped() throws Exception {
        Path work = Files.createDirectories(processed.resolve(ArchiveCompactor.COMPACT));
        Files.write(work.resolve("c-2-half.parquet"), new byte[] {1, 2, 3});
        Files.write(work.resolve("c-2-half.manifest.tmp"), List.of("event_date=2026-12-01/c-2-half.parquet"));

        new ArchiveCompactor(processed).recover();

        assertThat(ArchiveFiles.parquetFiles(processed)).hasSize(3);
        assertThat(ArchiveFiles.rows(processed)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(ArchivePublisher.list(work)).isEmpty();
    }

    private Path folder() {
        return processed.resolve("event_date=2026-12-01");
    }
}

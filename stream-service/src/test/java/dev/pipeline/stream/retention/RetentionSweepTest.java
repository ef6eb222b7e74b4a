package dev.pipeline.stream.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One retention pass over real files with real modification times. */
class RetentionSweepTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration RETENTION = Duration.ofDays(7);

    @TempDir
    Path processed;

    @Test
    void deletesFilesOlderThanTheRetentionAtAnyDepthAndKeepsTheYoungerOnes() throws IOException {
        Path oldCsv = file("events-1.csv", 100, NOW.minus(Duration.ofDays(8)));
        Path oldParquet = file("event_date=2026-11-10/batch-3-part-0.parquet", 250, NOW.minus(Duration.ofDays(10)));
        Path oldCrc = file("event_date=2026-11-10/.batch-3-part-0.parquet.crc", 12, NOW.minus(Duration.ofDays(10)));
        Path justOld = file("event_date=2026-11-17/batch-9-part-0.parquet", 40, NOW.minus(RETENTION).minusSeconds(1));
        Path justYoung = file("event_date=2026-11-17/batch-9-part-1.parquet", 40, NOW.minus(RETENTION).plusSeconds(1));
        Path young = file("events-2.csv", 100, NOW.minus(Duration.ofHours(1)));

        RetentionSweep.Result result = RetentionSweep.sweep(processed, NOW.minus(RETENTION), NOW.minus(Duration.ofMinutes(1)));

        assertThat(oldCsv).doesNotExist();
        assertThat(oldParquet).doesNotExist();
        assertThat(oldCrc).doesNotExist();
        assertThat(justOld).doesNotExist();
        assertThat(justYoung).exists();
        assertThat(young).exists();
        assertThat(result.files()).isEqualTo(4);
        assertThat(result.bytes()).isEqualTo(100 + 250 + 12 + 40);
        assertThat(result.oldest()).isEqualTo(NOW.minus(Duration.ofDays(10)));
        assertThat(result.failed()).isZero();
        assertThat(processed).isDirectory();
    }

    @Test
    void removesADateFolderLeftEmptyOnceItHasNotChangedForTheGraceButNeverAFreshOne() throws IOException {
        Path oldDay = file("event_date=2026-11-01/batch-1-part-0.parquet", 10, NOW.minus(Duration.ofDays(20))).getParent();
        Path keptDay = file("event_date=2026-11-20/batch-5-part-0.parquet", 10, NOW.minus(Duration.ofHours(2))).getParent();
        // A writer has just created this one and is about to move a file in.
        Path freshEmpty = Files.createDirectories(processed.resolve("event_date=2026-11-24"));
        Path staleEmpty = Files.createDirectories(processed.resolve("event_date=2026-10-01/batch-0"));
        Files.setLastModifiedTime(staleEmpty, FileTime.from(NOW.minus(Duration.ofDays(30))));

        // The pass that deletes the last file of oldDay changes its time: it stays for now.
        Instant grace = Instant.now().minus(Duration.ofMinutes(1));
        RetentionSweep.Result first = RetentionSweep.sweep(processed, NOW.minus(RETENTION), grace);
        assertThat(oldDay).isEmptyDirectory();
        assertThat(freshEmpty).isDirectory();
        assertThat(staleEmpty).doesNotExist();
        assertThat(first.folders()).isEqualTo(1);
        // Its parent lost its only entry just now: it too waits for the grace.
        assertThat(processed.resolve("event_date=2026-10-01")).isEmptyDirectory();

        // A pass one grace later: what stayed empty and unchanged goes, the rest stays.
        RetentionSweep.Result later = RetentionSweep.sweep(processed, NOW.minus(RETENTION), Instant.now().plusSeconds(1));
        assertThat(oldDay).doesNotExist();
        assertThat(processed.resolve("event_date=2026-10-01")).doesNotExist();
        assertThat(freshEmpty).doesNotExist();
        assertThat(keptDay).isDirectory();
        assertThat(keptDay.resolve("batch-5-part-0.parquet")).exists();
        assertThat(later.folders()).isEqualTo(3);
        assertThat(later.files()).isZero();
        assertThat(processed).isDirectory();
    }

    @Test
    void neverTouchesNamesStartingWithAnUnderscoreNorWhatIsInside() throws IOException {
        Instant ancient = NOW.minus(Duration.ofDays(100));
        Path staged = file("_staging/batch-12/event_date=2026-11-01/part-0.parquet", 10, ancient);
        Path stagedEmpty = Files.createDirectories(processed.resolve("_staging/batch-13"));
        Files.setLastModifiedTime(stagedEmpty, FileTime.from(ancient));
        Path marker = file("event_date=2026-11-01/_SUCCESS", 0, ancient);
        Path old = file("event_date=2026-11-01/part-0.parquet", 10, ancient);

        RetentionSweep.Result result = RetentionSweep.sweep(processed, NOW.minus(RETENTION), Instant.now().plusSeconds(1));

        assertThat(staged).exists();
        assertThat(stagedEmpty).isDirectory();
        assertThat(marker).exists();
        assertThat(old).doesNotExist();
        assertThat(result.files()).isEqualTo(1);
        assertThat(result.folders()).isZero();
    }

    @Test
    void aMissingFolderIsNothingToDo() {
        RetentionSweep.Result result = RetentionSweep.sweep(processed.resolve("absent"), NOW, NOW);

        assertThat(result.removedAnything()).isFalse();
        assertThat(result.failed()).isZero();
    }

    @Test
    void aFileThatCannotBeDeletedIsCountedAndThePassGoesOn() throws IOException {
        Path locked = file("locked/old.ndjson", 5, NOW.minus(Duration.ofDays(60)));
        Path other = file("other.ndjson", 5, NOW.minus(Duration.ofDays(60)));
        locked.getParent().toFile().setWritable(false);
        try {
            assumeFalse(Files.isWritable(locked.getParent()), "root may delete from a read-only folder");
            RetentionSweep.Result result = RetentionSweep.sweep(processed, NOW.minus(RETENTION), NOW);
            assertThat(other).doesNotExist();
            assertThat(locked).exists();
            assertThat(result.files()).isEqualTo(1);
            assertThat(result.failed()).isEqualTo(1);
            assertThat(result.failures()).singleElement().asString().contains("old.ndjson");
        } finally {
            locked.getParent().toFile().setWritable(true);
        }
    }

    private Path file(String name, int bytes, Instant modified) throws IOException {
        Path file = processed.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}

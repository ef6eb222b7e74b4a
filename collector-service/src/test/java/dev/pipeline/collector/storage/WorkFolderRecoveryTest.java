package dev.pipeline.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.model.csv.EventCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery of work folders, on real files: dead collectors' leftovers published, live ones untouched. */
class WorkFolderRecoveryTest {

    private static final String ROW = "id-%d,u,view,p,1.00,2026-01-01T00:00:00Z,2026-01-01T00:00:01Z\n";

    @TempDir
    Path dataDir;

    @Test
    void publishesCompleteLinesOfDeadCollectorsAndLeavesLiveOnesAlone() throws Exception {
        DataLayout layout = new DataLayout(dataDir).create();
        Path dead = Files.createDirectories(layout.work().resolve("collector-dead"));
        Files.writeString(dead.resolve("events-1.csv.part"), EventCsv.HEADER + ROW.formatted(1) + ROW.formatted(2) + "id-3,u,vi");
        Files.writeString(dead.resolve("events-2.csv.part"), EventCsv.HEADER.substring(0, 10));
        Files.writeString(dead.resolve("quarantine-3.ndjson.part"), "{\"reason\":\"x\"}\n{\"rea");
        Path live = Files.createDirectories(layout.work().resolve("collector-live"));
        Files.writeString(live.resolve("events-4.csv.part"), EventCsv.HEADER + ROW.formatted(4));

        try (WorkFolderLock liveLock = WorkFolderLock.tryAcquire(live).orElseThrow()) {
            assertThat(new WorkFolderRecovery(layout).recoverAll()).isEqualTo(2);
        }

        assertThat(Files.readString(layout.raw().resolve("events-1.csv")))
                .isEqualTo(EventCsv.HEADER + ROW.formatted(1) + ROW.formatted(2));
        assertThat(layout.raw().resolve("events-2.csv")).doesNotExist();
        assertThat(Files.readString(layout.error().resolve("quarantine-3.ndjson"))).isEqualTo("{\"reason\":\"x\"}\n");
        assertThat(dead).doesNotExist();
        assertThat(live.resolve("events-4.csv.part")).exists();
        assertThat(layout.raw().resolve("events-4.csv")).doesNotExist();
    }

    @Test
    void aRecoveredFileLooksAsNewAsItsPublication() throws Exception {
        DataLayout layout = new DataLayout(dataDir).create();
        Path dead = Files.createDirectories(layout.work().resolve("collector-dead"));
        Path old = Files.writeString(dead.resolve("events-5.csv.part"), EventCsv.HEADER + ROW.formatted(5));
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        Instant before = Instant.now().minusSeconds(1);

        new WorkFolderRecovery(layout).recoverAll();

        // The stream's file source would skip a file days older than the newest it has seen.
        assertThat(Files.getLastModifiedTime(layout.raw().resolve("events-5.csv")).toInstant()).isAfter(before);
    }

    @Test
    void aFolderIsLockedOnlyWhileItsOwnerLives() throws Exception {
        Path folder = Files.createDirectories(dataDir.resolve("work/collector-x"));
        Optional<WorkFolderLock> first = WorkFolderLock.tryAcquire(folder);
        assertThat(first).isPresent();
        assertThat(WorkFolderLock.tryAcquire(folder)).isEmpty();
        first.get().close();
        try (WorkFolderLock again = WorkFolderLock.tryAcquire(folder).orElseThrow()) {
            assertThat(again).isNotNull();
        }
    }
}

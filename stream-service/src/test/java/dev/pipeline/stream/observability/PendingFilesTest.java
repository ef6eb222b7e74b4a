package dev.pipeline.stream.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingFilesTest {

    @TempDir
    Path raw;

    @Test
    void countsWhatTheFileSourceReadsAndNotWhatItSkipsOrHasLoaded() throws Exception {
        Files.writeString(raw.resolve("a.csv"), "12345");
        Files.writeString(raw.resolve("loaded.csv"), "1");
        Files.writeString(raw.resolve("_hidden.csv"), "1");
        Files.writeString(raw.resolve(".hidden.csv"), "1");
        Files.writeString(raw.resolve("notes.txt"), "1");

        PendingFiles pending = PendingFiles.scan(raw, Set.of("loaded.csv"));

        assertThat(pending.files()).isEqualTo(1);
        assertThat(pending.bytes()).isEqualTo(5);
    }
}

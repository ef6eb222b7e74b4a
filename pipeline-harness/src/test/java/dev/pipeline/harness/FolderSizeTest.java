package dev.pipeline.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSizeTest {

    @Test
    void countsFilesAndBytesOfTheTreeAsDuDoes(@TempDir Path root) throws IOException {
        Path nested = Files.createDirectories(root.resolve("processed/event_date=2026-12-06"));
        Files.writeString(root.resolve("processed/a.csv"), "x".repeat(100));
        Files.writeString(nested.resolve("part-0.parquet"), "x".repeat(250));
        Files.writeString(root.resolve("top.csv"), "x".repeat(7));

        FolderSize size = FolderSize.of(root);

        long directories = Files.size(root) + Files.size(root.resolve("processed")) + Files.size(nested);
        assertThat(size.files()).isEqualTo(3);
        assertThat(size.bytes()).isEqualTo(100 + 250 + 7 + directories);
        assertThat(FolderSize.of(root.resolve("processed")).files()).isEqualTo(2);
    }

    @Test
    void aFolderThatIsNotThereIsEmpty(@TempDir Path root) throws IOException {
        assertThat(FolderSize.of(root.resolve("error"))).isEqualTo(FolderSize.NONE);
    }
}

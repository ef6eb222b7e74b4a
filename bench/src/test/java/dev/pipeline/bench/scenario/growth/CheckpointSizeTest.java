package dev.pipeline.bench.scenario.growth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSizeTest {

    @Test
    void findsTheNewestCompactFileByItsNumberNotItsName(@TempDir Path checkpoints) throws IOException {
        Path log = Files.createDirectories(checkpoints.resolve("sources/0"));
        Files.writeString(log.resolve("9.compact"), "x".repeat(100));
        Files.writeString(log.resolve("19.compact"), "x".repeat(300));
        Files.writeString(log.resolve(".19.compact.crc"), "c");
        Files.writeString(log.resolve("20"), "x".repeat(10));
        Path offsets = Files.createDirectories(checkpoints.resolve("offsets"));
        Files.writeString(offsets.resolve("20"), "x".repeat(50));

        ObjectNode size = CheckpointSize.of(checkpoints);

        assertThat(size.path("latest_compact").asText()).isEqualTo("19.compact");
        assertThat(size.path("latest_compact_bytes").asLong()).isEqualTo(300);
        assertThat(size.path("sources_files").asLong()).isEqualTo(4);
        assertThat(size.path("offsets_files").asLong()).isEqualTo(1);
        long directories = Files.size(checkpoints) + Files.size(checkpoints.resolve("sources")) + Files.size(log)
                + Files.size(offsets);
        assertThat(size.path("bytes").asLong()).isEqualTo(100 + 300 + 1 + 10 + 50 + directories);
        assertThat(size.path("sources_bytes").asLong())
                .isEqualTo(100 + 300 + 1 + 10 + Files.size(checkpoints.resolve("sources")) + Files.size(log));
    }

    @Test
    void beforeTheFirstCompactionOnlyTheSize(@TempDir Path checkpoints) throws IOException {
        Files.writeString(Files.createDirectories(checkpoints.resolve("sources/0")).resolve("0"), "x");

        ObjectNode size = CheckpointSize.of(checkpoints);

        assertThat(size.size()).isEqualTo(1);
        assertThat(size.path("bytes").asLong()).isPositive();
    }
}

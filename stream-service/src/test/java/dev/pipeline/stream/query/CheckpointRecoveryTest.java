package dev.pipeline.stream.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.stream.StreamTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which checkpoints count as unreadable: only those Spark's own readers reject, never a sound one.
 * (The fault suite's checkpoint scenario shows the whole recovery on the running service.)
 */
@QuarkusTest
@WithTestResource(StreamTestResource.class)
class CheckpointRecoveryTest {

    private static final String OFFSETS = "v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":1795672521689,\"conf\":{}}\n"
            + "{\"logOffset\":1}";
    private static final String COMMIT = "v1\n{\"nextBatchWatermarkMs\":0}";

    @Inject
    SparkSession spark;

    @TempDir
    Path tmp;

    private Path checkpoint;

    /** A checkpoint as Spark leaves it after two committed batches of the file source. */
    @BeforeEach
    void writeCheckpoint() throws IOException {
        checkpoint = tmp.resolve("checkpoints");
        write("metadata", "{\"id\":\"c8d23bea-9f39-4929-bac4-f2f8775b064b\"}");
        for (int batch = 0; batch < 2; batch++) {
            write("offsets/" + batch, OFFSETS.replace("\"logOffset\":1", "\"logOffset\":" + batch));
            write("commits/" + batch, COMMIT);
            write("sources/0/" + batch, "v1\n{\"path\":\"file:///data/raw/events-" + batch
                    + ".csv\",\"timestamp\":1795672520148,\"batchId\":" + batch + "}");
        }
    }

    @Test
    void aSoundCheckpointIsReadable() {
        assertThat(CheckpointRecovery.unreadable(spark, checkpoint)).isEmpty();
        assertThat(CheckpointRecovery.unreadable(spark, tmp.resolve("none yet"))).isEmpty();
    }

    @Test
    void anOffsetsFileCutShortIsUnreadable() throws IOException {
        Path offsets = checkpoint.resolve("offsets/1");
        byte[] bytes = Files.readAllBytes(offsets);
        Files.write(offsets, Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(CheckpointRecovery.unreadable(spark, checkpoint)).hasValueSatisfying(
                problem -> assertThat(problem).startsWith("offsets/1: "));
    }

    @Test
    void anEmptyCommitFileIsUnreadable() throws IOException {
        write("commits/1", "");
        assertThat(CheckpointRecovery.unreadable(spark, checkpoint)).hasValueSatisfying(
                problem -> assertThat(problem).startsWith("commits/1: "));
    }

    @Test
    void garbageInTheSourceLogIsUnreadable() throws IOException {
        write("sources/0/1", "\u0000\u0013garbage");
        assertThat(CheckpointRecovery.unreadable(spark, checkpoint)).hasValueSatisfying(
                problem -> assertThat(problem).startsWith("sources/0/1: "));
    }

    @Test
    void anUnreadableCheckpointIsMovedAsideForAFreshOne() throws IOException {
        write("metadata", "{\"id\":");
        assertThat(CheckpointRecovery.unreadable(spark, checkpoint)).hasValueSatisfying(
                problem -> assertThat(problem).startsWith("metadata: "));

        Path aside = CheckpointRecovery.moveAside(checkpoint);

        assertThat(aside.getFileName().toString()).matches("checkpoints-corrupt-\\d{8}T\\d{6}Z");
        assertThat(aside.resolve("offsets/1")).exists();
        try (Stream<Path> fresh = Files.list(checkpoint)) {
            assertThat(fresh).isEmpty();
        }
        assertThat(CheckpointRecovery.unreadable(spark, checkpoint)).isEmpty();
    }

    private void write(String file, String content) throws IOException {
        Path path = checkpoint.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content, StandardCharsets.UTF_8);
    }
}

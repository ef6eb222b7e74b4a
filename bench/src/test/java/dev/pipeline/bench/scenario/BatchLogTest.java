package dev.pipeline.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLogTest {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @TempDir
    Path folder;

    /** A checkpoint rotation starts a fresh query, whose batch ids start at 0 again: both queries' batches are kept. */
    @Test
    void keepsTheBatchesOfEveryQueryAndSelectsThemByTime() throws Exception {
        LocalTime start = LocalTime.now().minusMinutes(5).withNano(0);
        List<String> lines = new ArrayList<>();
        for (int query = 0; query < 2; query++) {
            lines.add(at(start, query * 10) + " INFO  [de.pi.st.qu.RawToPostgresQuery] (main) Streaming /d/raw into PostgreSQL (jdbc:x), trigger PT0.25S");
            for (int batch = 0; batch < 2; batch++) {
                int second = query * 10 + batch + 1;
                lines.add(at(start, second) + " DEBUG [de.pi.st.qu.MicroBatchWriter] (stream) Batch " + batch
                        + ": 2 files, " + (100 * (query + 1)) + " rows loaded, 100 new, 0 quarantined, in 50 ms");
                lines.add(at(start, second) + " DEBUG [de.pi.st.qu.RawToPostgresQuery] (listener) Batch " + batch
                        + " took {addBatch=60, triggerExecution=80, latestOffset=5, walCommit=2, commitOffsets=2}");
            }
        }
        Path log = Files.write(folder.resolve("stream.log"), lines);

        ArrayNode all = BatchLog.read(log);
        assertThat(all).hasSize(4);
        assertThat(all).extracting(batch -> batch.path("rows").asLong()).containsExactly(100L, 100L, 200L, 200L);

        long from = epochMs(BatchLog.read(log).get(1));
        ArrayNode later = BatchLog.readBetween(log, from, Long.MAX_VALUE);
        assertThat(later).extracting(batch -> batch.path("batch").asLong()).containsExactly(1L, 0L, 1L);
        assertThat(later).extracting(batch -> batch.path("trigger_ms").asLong()).containsOnly(80L);
    }

    private static long epochMs(JsonNode batch) {
        return batch.path("progress_epoch_ms").asLong();
    }

    private static String at(LocalTime start, int seconds) {
        return start.plusSeconds(seconds).format(TIME);
    }
}

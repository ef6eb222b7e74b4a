package dev.pipeline.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.stream.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention settings as users give them to the packaged service: environment variables. A value
 * the service cannot read stops its start with a message naming the setting; good ones are applied.
 */
class RetentionSettingIT {

    @TempDir
    Path dataDir;

    private PackagedService stream;

    @AfterEach
    void stopStream() {
        if (stream != null) {
            stream.kill9();
        }
    }

    @Test
    void aRetentionItCannotReadStopsTheStartAndSaysWhichAndWhy() throws Exception {
        stream = PackagedService.of(ServiceModule.STREAM)
                .withJvmOptions("-Xmx256m")
                .withLog(dataDir.resolve("stream.log"))
                .withEnv("PIPELINE_DATA_DIR", dataDir.toString())
                .withEnv("PIPELINE_PROCESSED_RETENTION", "1w")
                .launch();

        await().atMost(Duration.ofSeconds(90)).until(() -> !stream.isAlive());
        String log = Files.readString(stream.log());
        assertThat(stream.exitValue()).as("exit status; log:%n%s", log).isNotZero();
        assertThat(log).contains("pipeline.processed-retention").contains("'1w' is not a retention")
                .contains("7d, 12h, 30m or 30s, or 0 to keep the files for ever");
    }

    @Test
    void retentionsFromTheEnvironmentAreApplied() throws Exception {
        Path old = dataDir.resolve("error/events-20251001T000000.000Z-host-1-1-000001.ndjson");
        Files.createDirectories(old.getParent());
        Files.writeString(old, "{}\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(46))));
        Path kept = dataDir.resolve("error/events-recent.ndjson");
        Files.writeString(kept, "{}\n");
        Files.setLastModifiedTime(kept, FileTime.from(Instant.now().minus(Duration.ofDays(44))));
        TestPostgres postgres = TestPostgres.get();
        stream = PackagedService.of(ServiceModule.STREAM)
                .withJvmOptions("-Xmx512m")
                .withLog(dataDir.resolve("stream.log"))
                .withEnv("PIPELINE_DATA_DIR", dataDir.toString())
                .withDatasource(postgres.url(), postgres.user(), postgres.password())
                .withEnv("PIPELINE_PROCESSED_RETENTION", "0")
                .withEnv("PIPELINE_ERROR_RETENTION", "45d")
                .start();

        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(old));
        assertThat(kept).exists();
        assertThat(Files.readString(stream.log()))
                .contains("Retention: processed/ kept for ever, error/ files older than 45d deleted")
                .contains("Retention: deleted 1 file (3 bytes) from error/");
    }
}

package dev.pipeline.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.collector.CollectorTestData;
import dev.pipeline.collector.DataFolder;
import dev.pipeline.model.UserEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A collector that starts after a crash publishes the complete rows the dead one left in its work
 * folder and drops only the torn last line (which was never acknowledged).
 */
@QuarkusTest
@QuarkusTestResource(CollectorTestData.class)
class StartupRecoveryTest {

    @ConfigProperty(name = "pipeline.data-dir")
    Path dataDir;

    @Test
    void leftoverWorkFilesArePublishedWithCompleteLinesOnly() {
        Path published = dataDir.resolve("raw").resolve(CollectorTestData.CRASHED_FILE);
        assertThat(published).exists();
        assertThat(new DataFolder(dataDir).rawEvents().stream().map(UserEvent::eventId))
                .contains("crash-1", "crash-2")
                .doesNotContain(CollectorTestData.TORN_ROW_ID);
        assertThat(dataDir.resolve("raw").resolve(CollectorTestData.HEADER_ONLY_FILE)).doesNotExist();
        assertThat(dataDir.resolve("work/collector-crashed-0000abcd")).doesNotExist();
        assertThat(Files.isDirectory(dataDir.resolve("work"))).isTrue();
    }
}

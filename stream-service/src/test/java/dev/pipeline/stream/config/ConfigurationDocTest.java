package dev.pipeline.stream.config;

import dev.pipeline.harness.docs.ConfigurationDoc;
import dev.pipeline.stream.archive.ArchiveConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every stream setting as the code has it, and nothing else under its prefixes. */
class ConfigurationDocTest {

    @Test
    void everySettingIsDocumentedWithItsVariableAndDefault() {
        ConfigurationDoc.read(Path.of("../docs/configuration.md"))
                .check("stream", Path.of("src/main/resources/application.properties"), StreamConfig.class,
                        ArchiveConfig.class, PipelineConfig.class);
    }
}

package dev.pipeline.collector.config;

import dev.pipeline.harness.docs.ConfigurationDoc;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every collector setting as the code has it, and nothing else under its prefixes. */
class ConfigurationDocTest {

    @Test
    void everySettingIsDocumentedWithItsVariableAndDefault() {
        ConfigurationDoc.read(Path.of("../docs/configuration.md"))
                .check("collector", Path.of("src/main/resources/application.properties"), CollectorConfig.class, PipelineConfig.class);
    }
}

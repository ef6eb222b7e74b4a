package dev.pipeline.stream.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Settings shared by every service of the pipeline ({@code PIPELINE_*}). */
@ConfigMapping(prefix = "pipeline")
public interface PipelineConfig {

    /** Root of {@code raw/} (read), {@code processed/}, {@code error/} and {@code checkpoints/} (written). */
    @WithDefault("data")
    Path dataDir();
}

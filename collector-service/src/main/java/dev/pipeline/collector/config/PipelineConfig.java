package dev.pipeline.collector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Settings shared by every service of the pipeline ({@code PIPELINE_*}). */
@ConfigMapping(prefix = "pipeline")
public interface PipelineConfig {

    /** Root of {@code raw/}, {@code error/} and the collector's {@code work/}. */
    @WithDefault("data")
    Path dataDir();
}

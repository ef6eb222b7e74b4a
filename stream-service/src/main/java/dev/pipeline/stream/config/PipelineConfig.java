package dev.pipeline.stream.config;

import dev.pipeline.stream.retention.RetentionConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Settings shared by every service of the pipeline ({@code PIPELINE_*}). */
@ConfigMapping(prefix = "pipeline")
public interface PipelineConfig {

    /** Root of {@code raw/} (read), {@code processed/}, {@code error/} and {@code checkpoints/} (written). */
    @WithDefault("data")
    Path dataDir();

    /**
     * Files under {@code processed/} (the archive of loaded rows) modified longer ago than this are
     * deleted; {@code 0} keeps them for ever. Takes {@code 7d}, {@code 12h}, {@code 30m}, {@code 30s}
     * ({@link RetentionConverter}).
     */
    @WithDefault("7d")
    @WithConverter(RetentionConverter.class)
    Duration processedRetention();

    /**
     * Files under {@code error/} (the quarantine, the collectors' files too) modified longer ago than
     * this are deleted; {@code 0} keeps them for ever.
     */
    @WithDefault("30d")
    @WithConverter(RetentionConverter.class)
    Duration errorRetention();
}

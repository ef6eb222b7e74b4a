package dev.pipeline.stream.archive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The archive of loaded rows in {@code processed/} ({@code STREAM_ARCHIVE_*}). */
@ConfigMapping(prefix = "stream.archive")
public interface ArchiveConfig {

    /** {@code parquet}, {@code csv} or {@code none} ({@link ArchiveFormat}). */
    @WithDefault("parquet")
    ArchiveFormat format();

    /**
     * How often the small Parquet files of each date folder (one per partition of each batch) are
     * merged into one; {@code 0} never merges.
     */
    @WithDefault("1h")
    Duration compactionInterval();
}

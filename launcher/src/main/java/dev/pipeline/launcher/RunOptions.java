package dev.pipeline.launcher;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one run is asked to do, from the command line.
 *
 * @param home the repository root, where the services' jars are built
 * @param duration how long the generators send; {@link Duration#ZERO} until Ctrl-C
 */
public record RunOptions(
        Path home,
        Path dataDir,
        double rate,
        Duration duration,
        int generators,
        double invalidRatio,
        double duplicateRatio,
        int batchSize,
        Duration drainTimeout,
        int pgPort,
        int collectorPort,
        int streamPort,
        int generatorPort) {

    public Path logs() {
        return dataDir.resolve("logs");
    }

    /** Files of this run only: the acknowledged ids, the child processes' pids. */
    public Path runDir() {
        return dataDir.resolve("run");
    }
}

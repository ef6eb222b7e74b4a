package dev.pipeline.bench.scenario.growth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.harness.FolderSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How big the stream's checkpoint folder is and what of it grows with the files read: the file
 * source's log ({@code sources/0}, compacted every few batches into an {@code N.compact} file holding
 * every entry younger than maxFileAge) and the offset log. Sizes are apparent sizes, directories
 * included, as {@code du -sb} counts them.
 */
final class CheckpointSize {

    private CheckpointSize() {
    }

    /**
     * {@code {bytes, sources_bytes, sources_files, offsets_files, latest_compact, latest_compact_bytes}};
     * only {@code {bytes}} until the source log has a compact file (as the script's fallback gave).
     */
    static ObjectNode of(Path checkpoints) throws IOException {
        ObjectNode size = BenchRun.JSON.createObjectNode();
        size.put("bytes", bytes(checkpoints));
        Path sourceLog = checkpoints.resolve("sources/0");
        Optional<Path> compact = latestCompact(sourceLog);
        if (compact.isEmpty()) {
            return size;
        }
        size.put("sources_bytes", bytes(checkpoints.resolve("sources")));
        size.put("sources_files", files(sourceLog));
        size.put("offsets_files", files(checkpoints.resolve("offsets")));
        size.put("latest_compact", compact.get().getFileName().toString());
        size.put("latest_compact_bytes", Files.size(compact.get()));
        return size;
    }

    /** The {@code N.compact} file with the highest N ({@code sort -V}). */
    private static Optional<Path> latestCompact(Path sourceLog) throws IOException {
        if (!Files.isDirectory(sourceLog)) {
            return Optional.empty();
        }
        try (Stream<Path> tree = Files.walk(sourceLog)) {
            return tree.filter(p -> p.getFileName().toString().matches("\\d+\\.compact"))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().replace(".compact", ""))));
        }
    }

    /** Apparent size of a tree, its directories counted as {@code du -sb} counts them; 0 when it is not there. */
    static long bytes(Path root) throws IOException {
        return FolderSize.of(root).bytes();
    }

    private static long files(Path dir) throws IOException {
        return FolderSize.of(dir).files();
    }
}

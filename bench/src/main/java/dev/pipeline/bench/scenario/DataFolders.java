package dev.pipeline.bench.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folders a run makes and removes: the data folders it gives its services (each run starts on an
 * empty one, removed after it: they grow to GBs), its CSV and its work folder.
 */
public final class DataFolders {

    private DataFolders() {
    }

    /** Removes a folder and everything in it; nothing when it does not exist. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** An empty folder: removed first if an earlier run left it. */
    public static Path fresh(Path dir) throws IOException {
        delete(dir);
        return Files.createDirectories(dir);
    }
}

package dev.pipeline.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Logs that outlive a test's temporary folder, for reading after a failure (and after a pass). */
public final class KeptLogs {

    private KeptLogs() {
    }

    /**
     * Copies every file below {@code from} into {@code to}, keeping the relative paths; jars (an
     * executor's copy of the application) are left out. Nothing happens when {@code from} is not there.
     */
    public static void keep(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> tree = Files.walk(from)) {
            files = tree.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".jar")).toList();
        }
        for (Path file : files) {
            Path kept = to.resolve(from.relativize(file).toString());
            Files.createDirectories(kept.getParent());
            Files.copy(file, kept, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

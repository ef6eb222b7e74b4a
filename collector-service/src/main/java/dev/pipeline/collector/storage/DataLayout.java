package dev.pipeline.collector.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folders under the data directory. {@code raw/} and {@code error/} only ever receive complete
 * files, by atomic rename from {@code work/}, which must therefore be on the same file system.
 */
public record DataLayout(Path root) {

    public Path raw() {
        return root.resolve("raw");
    }

    public Path error() {
        return root.resolve("error");
    }

    public Path work() {
        return root.resolve("work");
    }

    public DataLayout create() throws IOException {
        Files.createDirectories(raw());
        Files.createDirectories(error());
        Files.createDirectories(work());
        return this;
    }
}

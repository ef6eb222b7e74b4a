package dev.pipeline.clients;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Chromium that playwright-core drives: {@code CHROMIUM} when set, otherwise the first one on the PATH. */
final class Chromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome-stable", "google-chrome");

    private Chromium() {
    }

    static Path executable() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("CHROMIUM=" + configured + " is not an executable file");
            }
            return path;
        }
        String searchPath = System.getenv().getOrDefault("PATH", "");
        for (String name : NAMES) {
            for (String dir : searchPath.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name);
                }
            }
        }
        throw new IllegalStateException("no Chromium found: set CHROMIUM to its executable, or install it (Debian:"
                + " apt-get install -y --no-install-recommends chromium, which .ci/ensure-chromium.sh does)");
    }
}

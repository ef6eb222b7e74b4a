package dev.pipeline.bench.scenario;

import dev.pipeline.harness.Command;
import dev.pipeline.harness.StartupException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Programs a scenario runs besides Java ({@code psql}, the reference loader): found on the PATH, or
 * installed from Debian's packages when this runs as root with apt-get, so that the suite runs on a
 * fresh machine; otherwise a message saying what to install.
 */
final class Tools {

    private static final Map<String, String> PACKAGES = Map.of("psql", "postgresql-client");

    private Tools() {
    }

    static void need(String tool) throws InterruptedException {
        if (onPath(tool)) {
            return;
        }
        String pkg = PACKAGES.getOrDefault(tool, tool);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !onPath("apt-get")) {
            throw new StartupException(tool + " is needed: install it (Debian/Ubuntu: apt-get install " + pkg
                    + ") and run again");
        }
        System.err.println("installing " + pkg + " (apt-get) ...");
        if (run(List.of("apt-get", "update", "-qq")) != 0
                || run(List.of("apt-get", "install", "-y", "-qq", pkg)) != 0 || !onPath(tool)) {
            throw new StartupException("could not install " + pkg + "; install it and run again");
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int run(List<String> command) throws InterruptedException {
        return Command.run(command, null, Map.of("DEBIAN_FRONTEND", "noninteractive"), Duration.ofMinutes(10)).exitValue();
    }
}

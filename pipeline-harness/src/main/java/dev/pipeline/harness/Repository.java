package dev.pipeline.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root folder, wherever a test (a module folder) or a tool (the root) runs from. */
public final class Repository {

    private Repository() {
    }

    /**
     * The nearest folder at or above the working directory that holds the Maven wrapper and the
     * event model: the root of this repository's checkout.
     */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("event-model"))) {
                return dir;
            }
        }
        throw new StartupException("cannot find the repository root (a folder with mvnw and event-model/) at or above "
                + start + "; run from inside the checkout");
    }

    /** The packaged service's jar, or a {@link StartupException} saying how to build it. */
    public static Path packagedJar(Path home, ServiceModule service) {
        Path jar = service.jar(home);
        if (!Files.isRegularFile(jar)) {
            throw new StartupException(jar + " is missing: package it first (./mvnw package -DskipTests, or ./mvnw verify)");
        }
        return jar;
    }
}

package dev.pipeline.harness;

import java.nio.file.Path;

/** The three services, each a Maven module that packages {@code <module>/target/quarkus-app/quarkus-run.jar}. */
public enum ServiceModule {
    COLLECTOR("collector", "collector-service", 8081),
    STREAM("stream", "stream-service", 8082),
    GENERATOR("generator", "generator-service", 8083);

    private final String shortName;
    private final String module;
    private final int defaultPort;

    ServiceModule(String shortName, String module, int defaultPort) {
        this.shortName = shortName;
        this.module = module;
        this.defaultPort = defaultPort;
    }

    /** {@code collector}, {@code stream}, {@code generator}: the name of its log and of its process. */
    public String shortName() {
        return shortName;
    }

    /** The Maven module, e.g. {@code collector-service}. */
    public String module() {
        return module;
    }

    /** The port of the contract ({@code QUARKUS_HTTP_PORT} overrides it). */
    public int defaultPort() {
        return defaultPort;
    }

    /** The packaged service under the repository root {@code home}. */
    public Path jar(Path home) {
        return home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}

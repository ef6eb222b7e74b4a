package dev.pipeline.launcher;

import dev.pipeline.harness.ServiceModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A class-data sharing archive per service (JDK 17's dynamic AppCDS): the classes a service loaded
 * in one run, mapped ready-made into the next instead of being read from its jars, parsed and
 * verified again.
 *
 * <p>Why: the stream service's start is mostly loading classes (Quarkus, then Spark's context, SQL
 * session and the query's plan: ~20,000 classes); with the archive it was ready in 4.7 s instead of
 * 6.5 (BENCHMARKS.md, "Start-up").
 *
 * <p>How: the first start of a build writes the archive when the service exits
 * ({@code -XX:ArchiveClassesAtExit}, beside the service's {@code quarkus-run.jar}); the starts after
 * it use it ({@code -XX:SharedArchiveFile}). An archive older than any file of the build, or of
 * another JVM, is not used but written again: the JVM would refuse it anyway. Only one instance of a
 * service writes it (the generators may run several). {@code PIPELINE_CDS=off} turns it off.
 */
final class ClassArchives {

    private final Path home;
    private final boolean enabled;

    ClassArchives(Path home, boolean enabled) {
        this.home = home;
        this.enabled = enabled;
    }

    static ClassArchives of(Path home, java.util.Map<String, String> environment) {
        return new ClassArchives(home, !"off".equalsIgnoreCase(environment.getOrDefault("PIPELINE_CDS", "on")));
    }

    /**
     * The option for one instance of {@code module}: use the archive, write it at exit (when
     * {@code writer}), or nothing.
     */
    List<String> options(ServiceModule module, boolean writer) {
        if (!enabled) {
            return List.of();
        }
        Path app = module.jar(home).getParent();
        Path archive = app.resolve("cds-" + System.getProperty("java.vm.version").replaceAll("[^A-Za-z0-9.+_-]", "_") + ".jsa");
        if (Files.isRegularFile(archive) && newerThanBuild(archive, app)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        return writer ? List.of("-XX:ArchiveClassesAtExit=" + archive) : List.of();
    }

    private static boolean newerThanBuild(Path archive, Path app) {
        try (Stream<Path> files = Files.walk(app)) {
            long written = Files.getLastModifiedTime(archive).toMillis();
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().endsWith(".jsa"))
                    .allMatch(file -> modified(file) <= written);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}

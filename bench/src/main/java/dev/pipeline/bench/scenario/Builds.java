package dev.pipeline.bench.scenario;

import dev.pipeline.harness.Command;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.StartupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the services a scenario runs when a jar is missing or a source that goes into it changed
 * after it was built ({@code --no-build} skips this): {@code ./mvnw -q package -DskipTests -pl ... -am}.
 */
public final class Builds {

    private static final Set<String> SOURCES = Set.of(".java", ".xml", ".properties", ".sql");

    private Builds() {
    }

    static void ifStale(Path home, List<ServiceModule> services, BenchLog log) throws IOException, InterruptedException {
        List<String> modules = new ArrayList<>();
        for (ServiceModule service : services) {
            if (stale(home, service)) {
                modules.add(service.module());
            }
        }
        if (modules.isEmpty()) {
            return;
        }
        if (modules.contains(ServiceModule.STREAM.module())) {
            // Its Quarkus extension (spark-opens) needs its deployment half in the same build, or a machine
            // whose Maven repository never held the project cannot build the stream service.
            modules.add("spark-opens/deployment");
        }
        log.say("building %s ...", String.join(", ", modules));
        if (maven(home, "package", "-DskipTests", "-pl", String.join(",", modules), "-am") != 0) {
            throw new StartupException("the build of " + String.join(", ", modules) + " failed (output above)");
        }
    }

    /** {@code ./mvnw -q -B -ntp <arguments>} in the repository, its output on this terminal; its exit status. */
    public static int maven(Path home, String... arguments) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-q", "-B", "-ntp"));
        command.addAll(List.of(arguments));
        return Command.runInTerminal(command, home);
    }

    /** Missing, or older than a source of its own module, of the event model, the root pom or (stream) spark-opens and sql/. */
    private static boolean stale(Path home, ServiceModule service) throws IOException {
        Path jar = service.jar(home);
        if (!Files.isRegularFile(jar)) {
            return true;
        }
        FileTime built = Files.getLastModifiedTime(jar);
        Set<Path> sources = new LinkedHashSet<>(List.of(home.resolve("pom.xml"), home.resolve("event-model"),
                home.resolve(service.module())));
        if (service == ServiceModule.STREAM) {
            sources.add(home.resolve("spark-opens"));
            sources.add(home.resolve("sql"));
        }
        for (Path source : sources) {
            if (newerSource(source, built)) {
                return true;
            }
        }
        return false;
    }

    private static boolean newerSource(Path root, FileTime built) throws IOException {
        if (!Files.exists(root)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !inTarget(root.relativize(f)))
                    .filter(f -> SOURCES.stream().anyMatch(f.getFileName().toString()::endsWith))
                    .anyMatch(f -> {
                        try {
                            return Files.getLastModifiedTime(f).compareTo(built) > 0;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }

    private static boolean inTarget(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals("target")) {
                return true;
            }
        }
        return false;
    }

    /** Where progress lines go (the run's {@code say}). */
    interface BenchLog {
        void say(String format, Object... arguments);
    }
}

package dev.pipeline.stream.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the jar that carries this service's executor-side code to a Spark cluster.
 *
 * <p>In local mode the executors are threads of this process and see its classes. On a cluster they
 * are other JVMs with only Spark's own jars, so the driver hands them one more through
 * {@code spark.jars}: the build's {@code executor/stream-executor.jar} (stream-service's classes, the
 * event model, the PostgreSQL driver, HdrHistogram, JBoss Logging, and Jackson relocated so that it
 * cannot clash with the older Jackson Spark's jars hold). The build puts it beside
 * {@code quarkus-run.jar}, so {@code java -jar .../quarkus-run.jar} finds it by its own class path.
 */
public final class ExecutorJar {

    static final String DEFAULT_LOCATION = "executor/stream-executor.jar";
    private static final String RUNNER = "quarkus-run.jar";

    private ExecutorJar() {
    }

    /**
     * @param configured {@code STREAM_EXECUTOR_JAR}, when set
     * @param classPath this JVM's {@code java.class.path}
     * @return the absolute path of an existing jar
     * @throws IllegalStateException naming where it looked and what to do, when there is none
     */
    public static Path locate(Optional<String> configured, String classPath) {
        Path jar = configured.map(Path::of).or(() -> besideRunner(classPath)).orElse(null);
        if (jar == null) {
            throw new IllegalStateException("Cluster mode needs the executor jar (" + DEFAULT_LOCATION
                    + "), and this process was not started from quarkus-run.jar: package the service"
                    + " (./mvnw package) and start it with java -jar stream-service/target/quarkus-app/quarkus-run.jar,"
                    + " or set STREAM_EXECUTOR_JAR to the jar's path");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Cluster mode needs the executor jar, and " + jar.toAbsolutePath()
                    + " does not exist: package the service with ./mvnw package (it writes quarkus-app/"
                    + DEFAULT_LOCATION + "), or set STREAM_EXECUTOR_JAR to the jar's path");
        }
        return jar.toAbsolutePath().normalize();
    }

    private static Optional<Path> besideRunner(String classPath) {
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName() != null && path.getFileName().toString().equals(RUNNER)) {
                Path folder = path.toAbsolutePath().getParent();
                return Optional.of(folder.resolve(DEFAULT_LOCATION));
            }
        }
        return Optional.empty();
    }
}

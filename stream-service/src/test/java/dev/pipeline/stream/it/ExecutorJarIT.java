package dev.pipeline.stream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged executor jar, which cluster mode ships to executors that have only Spark's own jars:
 * it must hold the executor-side code and its libraries, and nothing a Spark distribution already
 * has a different version of. (The cluster IT in {@code launcher} runs it on a real cluster.)
 */
class ExecutorJarIT {

    private static final Path JAR = Path.of("target/quarkus-app/executor/stream-executor.jar");

    @Test
    void holdsTheExecutorCodeAndItsLibrariesButNotSparkOrQuarkus() throws IOException {
        assertThat(JAR).as("written by ./mvnw package beside quarkus-run.jar").isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains(
                    "dev/pipeline/stream/sink/PartitionLoader.class",
                    "dev/pipeline/stream/validation/RawFileParser.class",
                    "dev/pipeline/model/csv/EventCsv.class",
                    "org/postgresql/Driver.class",
                    "org/HdrHistogram/Histogram.class",
                    "org/jboss/logging/Logger.class",
                    "dev/pipeline/executor/shaded/jackson/dataformat/csv/CsvMapper.class");
            assertThat(names).as("classes Spark's workers bring in their own versions, or the driver keeps")
                    .noneMatch(name -> name.startsWith("com/fasterxml/") || name.startsWith("org/apache/spark/")
                            || name.startsWith("scala/") || name.startsWith("io/quarkus/"));
        }
        assertThat(Files.size(JAR)).as("bytes (Spark's jars would be hundreds of MB)").isLessThan(20L * 1024 * 1024);
    }

    /**
     * Loaded with no Jackson around, the event model's CSV form (a CsvMapper made when the class is
     * initialised) runs on the relocated copy in the jar.
     */
    @Test
    void theEventModelRunsOnTheJarAlone() throws Exception {
        try (URLClassLoader alone = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> csv = Class.forName("dev.pipeline.model.csv.EventCsv", true, alone);

            assertThat(csv.getField("HEADER").get(null))
                    .isEqualTo("event_id,user_id,event_type,product_id,price,event_timestamp,received_at\n");
        }
    }
}

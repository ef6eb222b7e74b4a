package dev.pipeline.bench.scenario.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.SparkJdbcLoad;
import dev.pipeline.bench.scenario.BenchPostgres;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.LogTail;
import dev.pipeline.harness.StartupException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sink's part (c): {@link SparkJdbcLoad} (the naive {@code spark.read().csv} + {@code df.write().jdbc})
 * in a JVM of its own. Spark is only a provided dependency of bench, so it runs on bench.jar followed by
 * the stream service's own dependency jars, less its bridges into Quarkus logging (log4j-core's default
 * configuration then prints errors only), with the {@code --add-opens} of stream-service/pom.xml's
 * {@code spark.add-opens}.
 */
final class SparkJdbcRun {

    private static final Duration TIMEOUT = Duration.ofHours(1);
    private static final List<String> LOGGING_BRIDGES = List.of("log4j2-jboss-logmanager", "slf4j-jboss-logmanager");
    private static final Pattern ADD_OPENS_BLOCK = Pattern.compile("<spark.add-opens>(.*?)</spark.add-opens>", Pattern.DOTALL);
    private static final Pattern ADD_OPENS = Pattern.compile("--add-opens=[^\\s<]+");

    private SparkJdbcRun() {
    }

    /** @return what SparkJdbcLoad printed: {@code {session_start_s, partitions, write_s}} */
    static ObjectNode load(BenchRun run, Path csv, String database) throws IOException, InterruptedException {
        BenchPostgres postgres = run.postgres();
        List<String> command = new ArrayList<>(addOpens(run.home().resolve("stream-service/pom.xml")));
        command.add("-cp");
        command.add(classPath(run.home()));
        command.add(SparkJdbcLoad.class.getName());
        command.addAll(List.of(csv.toString(), postgres.jdbcUrl(database), postgres.user()));
        ChildProcess spark = ChildProcess.java("spark-jdbc", command).log(run.work().resolve("spark.log")).start();
        run.closeAtEnd(spark::killNow);
        if (!spark.waitFor(TIMEOUT) || spark.exitValue() != 0) {
            throw new StartupException("(c) the Spark load failed; the end of " + spark.log() + ":\n" + LogTail.of(spark.log(), 30));
        }
        List<String> lines = Files.readAllLines(spark.log(), StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("{") && lines.get(i).contains("\"write_s\"")) {
                return (ObjectNode) BenchRun.JSON.readTree(lines.get(i));
            }
        }
        throw new StartupException("(c) SparkJdbcLoad printed no result; see " + spark.log());
    }

    /** The {@code --add-opens} options of the pom's {@code spark.add-opens} property. */
    static List<String> addOpens(Path pom) throws IOException {
        Matcher block = ADD_OPENS_BLOCK.matcher(Files.readString(pom, StandardCharsets.UTF_8));
        if (!block.find()) {
            throw new StartupException(pom + " has no spark.add-opens property");
        }
        List<String> options = new ArrayList<>();
        Matcher option = ADD_OPENS.matcher(block.group(1));
        while (option.find()) {
            options.add(option.group());
        }
        return options;
    }

    private static String classPath(Path home) throws IOException {
        Path lib = home.resolve("stream-service/target/quarkus-app/lib/main");
        List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path")));
        try (Stream<Path> jars = Files.list(lib)) {
            jars.map(Path::toString).filter(jar -> jar.endsWith(".jar"))
                    .filter(jar -> LOGGING_BRIDGES.stream().noneMatch(jar::contains)).sorted().forEach(entries::add);
        }
        return String.join(File.pathSeparator, entries);
    }
}

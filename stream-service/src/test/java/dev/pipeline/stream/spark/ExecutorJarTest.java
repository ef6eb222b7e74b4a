package dev.pipeline.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorJarTest {

    @TempDir
    Path app;

    @Test
    void isFoundBesideTheRunnerJarThisProcessWasStartedFrom() throws IOException {
        Path jar = executorJar();
        String classPath = String.join(File.pathSeparator, "other.jar", app.resolve("quarkus-run.jar").toString());

        assertThat(ExecutorJar.locate(Optional.empty(), classPath)).isEqualTo(jar.toAbsolutePath());
    }

    @Test
    void aConfiguredPathWins() throws IOException {
        Path elsewhere = Files.createFile(app.resolve("mine.jar"));

        assertThat(ExecutorJar.locate(Optional.of(elsewhere.toString()), app.resolve("quarkus-run.jar").toString()))
                .isEqualTo(elsewhere.toAbsolutePath());
    }

    @Test
    void aMissingJarIsNamedWithWhatToDo() {
        String classPath = app.resolve("quarkus-run.jar").toString();

        assertThatThrownBy(() -> ExecutorJar.locate(Optional.empty(), classPath))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(app.resolve("executor/stream-executor.jar").toString())
                .hasMessageContaining("./mvnw package")
                .hasMessageContaining("STREAM_EXECUTOR_JAR");
    }

    @Test
    void withoutTheRunnerJarItAsksForThePath() {
        assertThatThrownBy(() -> ExecutorJar.locate(Optional.empty(), "target/classes" + File.pathSeparator + "a.jar"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started from quarkus-run.jar")
                .hasMessageContaining("STREAM_EXECUTOR_JAR");
    }

    @Test
    void clusterModeAddsTheJarToSparkJarsAndTellsWorkersTheScalaVersion() throws IOException {
        Path jar = executorJar();
        SparkConf conf = new SparkConf().setMaster("spark://master:7077").set("spark.jars", "/opt/extra.jar");

        SparkSessions.shipToExecutors(conf, jar);

        assertThat(conf.get("spark.jars")).isEqualTo("/opt/extra.jar," + jar);
        assertThat(conf.get("spark.executorEnv.SPARK_SCALA_VERSION")).isEqualTo("2.12");
    }

    private Path executorJar() throws IOException {
        return Files.createFile(Files.createDirectories(app.resolve("executor")).resolve("stream-executor.jar"));
    }
}

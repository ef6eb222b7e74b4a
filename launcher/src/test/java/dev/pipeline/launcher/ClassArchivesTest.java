package dev.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.harness.ServiceModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchivesTest {

    @TempDir
    Path home;
    private Path jar;
    private Path archive;

    @BeforeEach
    void build() throws IOException {
        jar = ServiceModule.STREAM.jar(home);
        Files.createDirectories(jar.getParent().resolve("lib/main"));
        Files.writeString(jar, "the build");
        Files.writeString(jar.getParent().resolve("lib/main/spark.jar"), "a dependency");
        setTime(jar, 1_000_000);
        setTime(jar.getParent().resolve("lib/main/spark.jar"), 1_000_000);
        archive = jar.resolveSibling("cds-" + System.getProperty("java.vm.version").replaceAll("[^A-Za-z0-9.+_-]", "_") + ".jsa");
    }

    @Test
    void theFirstStartOfABuildWritesTheArchiveAndTheNextUseIt() throws IOException {
        ClassArchives archives = ClassArchives.of(home, Map.of());
        assertThat(archives.options(ServiceModule.STREAM, true)).containsExactly("-XX:ArchiveClassesAtExit=" + archive);
        assertThat(archives.options(ServiceModule.STREAM, false)).as("a second instance leaves the writing to the first").isEmpty();

        Files.writeString(archive, "classes");
        setTime(archive, 2_000_000);
        assertThat(archives.options(ServiceModule.STREAM, true)).containsExactly("-XX:SharedArchiveFile=" + archive);
        assertThat(archives.options(ServiceModule.STREAM, false)).containsExactly("-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void anArchiveOlderThanAnyFileOfTheBuildIsWrittenAgain() throws IOException {
        Files.writeString(archive, "classes");
        setTime(archive, 2_000_000);
        setTime(jar.getParent().resolve("lib/main/spark.jar"), 3_000_000);
        assertThat(ClassArchives.of(home, Map.of()).options(ServiceModule.STREAM, true))
                .containsExactly("-XX:ArchiveClassesAtExit=" + archive);
    }

    @Test
    void offTurnsItOff() {
        assertThat(ClassArchives.of(home, Map.of("PIPELINE_CDS", "off")).options(ServiceModule.STREAM, true)).isEqualTo(List.of());
    }

    private static void setTime(Path file, long millis) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
    }
}

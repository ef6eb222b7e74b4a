package dev.pipeline.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path tmp;

    private final List<ChildProcess> started = new ArrayList<>();

    @AfterEach
    void killAll() {
        started.forEach(ChildProcess::kill9WithDescendants);
    }

    private ChildProcess sleeper(Path log, String... arguments) {
        List<String> command = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), Sleeper.class.getName()));
        command.addAll(List.of(arguments));
        ChildProcess process = ChildProcess.java("sleeper", command).appendLog(log, "test starts sleeper").start();
        started.add(process);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains(process.pid() + " up"));
        return process;
    }

    @Test
    void aStartAppendsToTheLogAfterAHeaderSoARestartKeepsTheEarlierLines() throws Exception {
        Path log = tmp.resolve("logs/sleeper.log");
        ChildProcess first = sleeper(log);
        first.kill9();
        ChildProcess second = sleeper(log);

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).filteredOn(line -> line.startsWith("---- ") && line.endsWith(" test starts sleeper")).hasSize(2);
        assertThat(lines).contains("sleeper " + first.pid() + " up", "sleeper " + second.pid() + " up");
    }

    @Test
    void stopIsSigtermFirstAndSaysWhetherTheProcessEndedByItself() throws Exception {
        ChildProcess process = sleeper(tmp.resolve("sleeper.log"));
        // A JVM ends on SIGTERM: by itself, within the grace.
        assertThat(process.stop(Duration.ofSeconds(20))).isTrue();
        assertThat(process.isAlive()).isFalse();
        assertThat(process.exitValue()).as("128 + SIGTERM").isEqualTo(143);
    }

    @Test
    void kill9IsSigkillAndReturnsOnceTheProcessIsGone() {
        ChildProcess process = sleeper(tmp.resolve("sleeper.log"));
        process.kill9();
        assertThat(process.isAlive()).isFalse();
        assertThat(process.exitValue()).as("128 + SIGKILL").isEqualTo(137);
    }

    @Test
    void kill9WithDescendantsTakesTheProcessesItStartedToo() {
        ChildProcess process = sleeper(tmp.resolve("sleeper.log"), "child");
        await().atMost(Duration.ofSeconds(30)).until(() -> process.handle().descendants().count() == 1);
        ProcessHandle grandchild = process.handle().descendants().findFirst().orElseThrow();

        process.kill9WithDescendants();

        assertThat(process.isAlive()).isFalse();
        assertThat(grandchild.isAlive()).as("the grandchild").isFalse();
    }

    @Test
    void aCommandThatCannotStartSaysWhichAndWhy() {
        ChildProcess.Builder missing = ChildProcess.command("ghost", List.of(tmp.resolve("no-such-program").toString()))
                .log(tmp.resolve("ghost.log"));
        assertThatThrownBy(missing::start)
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("cannot start ghost")
                .hasMessageContaining("no-such-program");
    }
}

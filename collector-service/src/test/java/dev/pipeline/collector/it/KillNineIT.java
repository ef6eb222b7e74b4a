package dev.pipeline.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.collector.DataFolder;
import dev.pipeline.collector.Events;
import dev.pipeline.model.UserEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of a 202, tested on the packaged collector as users run it: clients post while the
 * process is killed with SIGKILL (no shutdown hook runs, the open file is never published); a new
 * collector started on the same data folder must publish every acknowledged event, exactly once.
 */
class KillNineIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int CLIENTS = 8;

    @TempDir
    Path dataDir;

    private Process collector;

    @AfterEach
    void stopCollector() {
        if (collector != null) {
            collector.destroyForcibly();
        }
    }

    @Test
    void acknowledgedEventsSurviveKillNine() throws Exception {
        int port = freePort();
        // A long roll interval keeps acknowledged events in the work file when the kill comes.
        collector = start(port, "10s");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean posting = new AtomicBoolean(true);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> postUntilStopped(http, port, posting, acknowledged));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 20_000);
        collector.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL on Linux
        posting.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        DataFolder data = new DataFolder(dataDir);
        assertThat(data.rawEvents(acknowledged)).as("acknowledged events published before the kill")
                .hasSizeLessThan(acknowledged.size());

        collector = start(freePort(), "500ms");
        List<UserEvent> stored = data.awaitRaw(acknowledged);
        Map<String, Long> copies = stored.stream()
                .collect(Collectors.groupingBy(UserEvent::eventId, Collectors.counting()));
        assertThat(copies.keySet()).containsAll(acknowledged);
        assertThat(copies.values()).allMatch(n -> n == 1);
    }

    private static void postUntilStopped(HttpClient http, int port, AtomicBoolean posting, Set<String> acknowledged) {
        while (posting.get()) {
            List<String> ids = Events.ids("kill9", 100);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(Events.array(ids.stream().map(Events::json).toList())))
                    .build();
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202) {
                    acknowledged.addAll(ids);
                }
            } catch (IOException e) {
                return; // the collector is gone: nothing acknowledged from here on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process start(int port, String rollInterval) throws Exception {
        assertThat(JAR).as("packaged collector (run through mvn verify)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(dataDir.getParent(), "collector-", ".log").toFile());
        builder.environment().put("PIPELINE_DATA_DIR", dataDir.toString());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("COLLECTOR_ROLL_INTERVAL", rollInterval);
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

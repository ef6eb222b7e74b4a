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
 * Scale-out of the front door: two packaged collectors, as two replicas behind a load balancer
 * would run, share one data folder under load. Each names its files with its own instance and boot
 * id (by default the host name and process id), so no file is overwritten and every acknowledged
 * event is published exactly once, whichever collector took it.
 */
class SharedDataFolderIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int CLIENTS = 8;

    @TempDir
    Path dataDir;

    private final List<Process> collectors = new ArrayList<>();

    @AfterEach
    void stopCollectors() {
        collectors.forEach(Process::destroyForcibly);
    }

    @Test
    void twoCollectorsOnOneDataFolderPublishEveryAcknowledgedEventOnce() throws Exception {
        int[] ports = {freePort(), freePort()};
        for (int port : ports) {
            collectors.add(start(port));
        }
        Map<Integer, Set<String>> acknowledged = Map.of(ports[0], ConcurrentHashMap.newKeySet(),
                ports[1], ConcurrentHashMap.newKeySet());
        AtomicBoolean posting = new AtomicBoolean(true);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int port = ports[c % 2];
            clients.submit(() -> postUntilStopped(http, port, posting, acknowledged.get(port)));
        }
        // Enough for many rolled files from each collector.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> acknowledged.values().stream().allMatch(ids -> ids.size() >= 20_000));
        posting.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        for (Process collector : collectors) {
            collector.destroy(); // SIGTERM: the open file is published on the way out
            assertThat(collector.waitFor(30, TimeUnit.SECONDS)).as("collector stopped").isTrue();
        }

        Set<String> all = acknowledged.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        assertThat(all).hasSize(acknowledged.values().stream().mapToInt(Set::size).sum());
        DataFolder data = new DataFolder(dataDir);
        List<UserEvent> published = data.rawEvents(all);
        Map<String, Long> copies = published.stream()
                .collect(Collectors.groupingBy(UserEvent::eventId, Collectors.counting()));
        assertThat(copies.keySet()).containsAll(all);
        assertThat(copies.values()).allMatch(n -> n == 1);

        List<Path> files = data.files("raw");
        Set<String> writers = files.stream().map(SharedDataFolderIT::bootId).collect(Collectors.toSet());
        assertThat(writers).as("both collectors published files under their own names").hasSize(2);
        assertThat(files).allMatch(f -> f.getFileName().toString().endsWith(".csv"));
    }

    /** {@code events-<time>-<instance>-<boot id>-<sequence>.csv}: the instance id may hold dashes, so from the right. */
    private static String bootId(Path file) {
        String[] parts = file.getFileName().toString().split("-");
        return parts[parts.length - 2];
    }

    private static void postUntilStopped(HttpClient http, int port, AtomicBoolean posting, Set<String> acknowledged) {
        while (posting.get()) {
            List<String> ids = Events.ids("shared" + port, 100);
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
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process start(int port) throws Exception {
        assertThat(JAR).as("packaged collector (run through mvn verify)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(dataDir.getParent(), "collector-" + port + "-", ".log").toFile());
        builder.environment().put("PIPELINE_DATA_DIR", dataDir.toString());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("COLLECTOR_ROLL_INTERVAL", "200ms");
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

package dev.pipeline.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.collector.Events;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** The packaged collector as users run it, and a client posting to it: what the process-level tests share. */
final class PackagedCollectors {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private PackagedCollectors() {
    }

    /**
     * Starts {@code java -jar quarkus-run.jar} on {@code port} with {@code dataDir} as its data folder and waits
     * until it is ready; its log goes to a file beside the data folder.
     */
    static Process start(Path dataDir, int port, String rollInterval) throws Exception {
        assertThat(JAR).as("packaged collector (run through mvn verify)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(dataDir.getParent(), "collector-" + port + "-", ".log").toFile());
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

    /**
     * Posts batches of 100 valid events with ids starting {@code idPrefix} until {@code posting} is false or the
     * collector is gone, adding the ids of every batch answered 202 to {@code acknowledged}.
     */
    static void postUntilStopped(HttpClient http, int port, String idPrefix, AtomicBoolean posting,
            Set<String> acknowledged) {
        while (posting.get()) {
            List<String> ids = Events.ids(idPrefix, 100);
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

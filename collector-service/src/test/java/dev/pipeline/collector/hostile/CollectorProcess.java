package dev.pipeline.collector.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.Repository;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.proc.Jcmd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The packaged collector ({@code target/quarkus-app/quarkus-run.jar}, as {@code mvn verify} builds
 * it before the *IT tests) started through the harness as users start it, on a free port and a fresh
 * data folder, with a bounded heap; and what the hostile tests ask of it beyond the harness: a POST,
 * one labelled metric, the heap after a GC, the ERROR lines of its log.
 */
final class CollectorProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final PackagedService service;
    private final Path dataDir;

    private CollectorProcess(PackagedService service, Path dataDir) {
        this.service = service;
        this.dataDir = dataDir;
    }

    /** Starts the collector with these environment variables on top of a fresh data folder and port, and waits until ready. */
    static CollectorProcess start(Map<String, String> environment) throws IOException, InterruptedException {
        assertThat(ServiceModule.COLLECTOR.jar(Repository.root())).as("packaged collector (run through mvn verify)").exists();
        Path dataDir = Files.createTempDirectory("collector-hostile-");
        PackagedService service = PackagedService.of(ServiceModule.COLLECTOR)
                .withJvmOptions("-Xmx256m")
                .withEnv("PIPELINE_DATA_DIR", dataDir.toString())
                .withEnv(environment)
                .withLog(Files.createTempFile("collector-hostile-", ".log"))
                .withReadyPoll(Duration.ofMillis(200))
                .launch();
        service.awaitReady(Duration.ofSeconds(90));
        return new CollectorProcess(service, dataDir);
    }

    int port() {
        return service.port();
    }

    Path dataDir() {
        return dataDir;
    }

    URI uri(String path) {
        return service.url().resolve(path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return service.get(path);
    }

    /** A plain valid POST; returns its status. */
    int post(String contentType, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri("/events")).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    boolean isReady() {
        return service.isReady();
    }

    /** The value of a Prometheus line that starts with {@code prefix} (summed over matching series), or NaN. */
    double metric(String prefix) throws IOException, InterruptedException {
        return service.metricsText().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .reduce(Double::sum).orElse(Double.NaN);
    }

    /** Heap in use right after a full GC ({@code jcmd GC.run}), as the collector's own metrics report it. */
    double heapUsedAfterGc() throws IOException, InterruptedException {
        Jcmd.gc(service.pid());
        return metric("jvm_memory_used_bytes{area=\"heap\"");
    }

    /** The lines of the collector's log at ERROR level. */
    List<String> errorLines() {
        try {
            return Files.readAllLines(service.log(), StandardCharsets.UTF_8).stream().filter(l -> l.contains(" ERROR ")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path log() {
        return service.log();
    }

    boolean isAlive() {
        return service.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        service.stop(Duration.ofSeconds(20));
    }
}

package dev.pipeline.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.collector.Events;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.Repository;
import dev.pipeline.harness.ServiceModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** The packaged collector as users run it (through the harness), and a client posting to it: what the process-level tests share. */
final class PackagedCollectors {

    private PackagedCollectors() {
    }

    /**
     * Starts the packaged collector on a free port with {@code dataDir} as its data folder and waits
     * until it is ready; its log goes to a temporary file.
     */
    static PackagedService start(Path dataDir, String rollInterval) throws Exception {
        assertThat(ServiceModule.COLLECTOR.jar(Repository.root())).as("packaged collector (run through mvn verify)").exists();
        PackagedService collector = PackagedService.of(ServiceModule.COLLECTOR)
                .withJvmOptions("-Xmx256m")
                .withEnv("PIPELINE_DATA_DIR", dataDir.toString())
                .withEnv("COLLECTOR_ROLL_INTERVAL", rollInterval)
                .withReadyPoll(Duration.ofMillis(200))
                .launch();
        collector.awaitReady(Duration.ofSeconds(60));
        return collector;
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
}

package dev.pipeline.collector.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.collector.CollectorTestData;
import dev.pipeline.collector.DataFolder;
import dev.pipeline.collector.Events;
import dev.pipeline.model.UserEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Many clients at once: every acknowledged event is in raw/ exactly once, in a file that is complete. */
@QuarkusTest
@QuarkusTestResource(CollectorTestData.class)
class ConcurrentIngestTest {

    private static final int CLIENTS = 16;
    private static final int REQUESTS_PER_CLIENT = 150;
    private static final int EVENTS_PER_REQUEST = 20;

    @ConfigProperty(name = "pipeline.data-dir")
    Path dataDir;

    @Test
    void everyAcknowledgedEventIsStoredExactlyOnce() throws Exception {
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                        List<String> ids = Events.ids("concurrent", EVENTS_PER_REQUEST);
                        int status = given().contentType("application/json")
                                .body(Events.array(ids.stream().map(Events::json).toList()).getBytes(StandardCharsets.UTF_8))
                                .post("/events").statusCode();
                        if (status == 202) {
                            acknowledged.addAll(ids);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(acknowledged).hasSize(CLIENTS * REQUESTS_PER_CLIENT * EVENTS_PER_REQUEST);
        DataFolder data = new DataFolder(dataDir);
        List<UserEvent> stored = data.awaitRaw(acknowledged);
        Map<String, Long> copies = stored.stream()
                .collect(Collectors.groupingBy(UserEvent::eventId, Collectors.counting()));
        assertThat(copies).hasSize(acknowledged.size());
        assertThat(copies.values()).allMatch(n -> n == 1);
        // File names never repeat, and the many requests were grouped into far fewer files.
        List<String> names = data.files("raw").stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names.stream().collect(Collectors.toMap(Function.identity(), n -> 1))).hasSameSizeAs(names);
    }
}

package dev.pipeline.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.collector.DataFolder;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.model.UserEvent;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
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

    private static final int CLIENTS = 8;

    @TempDir
    Path dataDir;

    private PackagedService collector;

    @AfterEach
    void stopCollector() {
        if (collector != null) {
            collector.kill9();
        }
    }

    @Test
    void acknowledgedEventsSurviveKillNine() throws Exception {
        // A long roll interval keeps acknowledged events in the work file when the kill comes.
        collector = PackagedCollectors.start(dataDir, "10s");
        int port = collector.port();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean posting = new AtomicBoolean(true);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> PackagedCollectors.postUntilStopped(http, port, "kill9", posting, acknowledged));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 20_000);
        collector.kill9();
        posting.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        DataFolder data = new DataFolder(dataDir);
        assertThat(data.rawEvents(acknowledged)).as("acknowledged events published before the kill")
                .hasSizeLessThan(acknowledged.size());

        collector = PackagedCollectors.start(dataDir, "500ms");
        List<UserEvent> stored = data.awaitRaw(acknowledged);
        Map<String, Long> copies = stored.stream()
                .collect(Collectors.groupingBy(UserEvent::eventId, Collectors.counting()));
        assertThat(copies.keySet()).containsAll(acknowledged);
        assertThat(copies.values()).allMatch(n -> n == 1);
    }
}

package dev.pipeline.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.collector.DataFolder;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.model.UserEvent;
import java.net.http.HttpClient;
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

    private static final int CLIENTS = 8;

    @TempDir
    Path dataDir;

    private final List<PackagedService> collectors = new ArrayList<>();

    @AfterEach
    void stopCollectors() {
        collectors.forEach(PackagedService::kill9);
    }

    @Test
    void twoCollectorsOnOneDataFolderPublishEveryAcknowledgedEventOnce() throws Exception {
        for (int i = 0; i < 2; i++) {
            collectors.add(PackagedCollectors.start(dataDir, "200ms"));
        }
        int[] ports = {collectors.get(0).port(), collectors.get(1).port()};
        Map<Integer, Set<String>> acknowledged = Map.of(ports[0], ConcurrentHashMap.newKeySet(),
                ports[1], ConcurrentHashMap.newKeySet());
        AtomicBoolean posting = new AtomicBoolean(true);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int port = ports[c % 2];
            clients.submit(() -> PackagedCollectors.postUntilStopped(http, port, "shared" + port, posting, acknowledged.get(port)));
        }
        // Enough for many rolled files from each collector.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> acknowledged.values().stream().allMatch(ids -> ids.size() >= 20_000));
        posting.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        for (PackagedService collector : collectors) {
            // SIGTERM: the open file is published on the way out
            assertThat(collector.stop(Duration.ofSeconds(30))).as("collector stopped").isTrue();
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
}

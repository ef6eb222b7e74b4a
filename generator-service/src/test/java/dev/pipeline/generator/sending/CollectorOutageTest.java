package dev.pipeline.generator.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.generator.FakeCollector;
import dev.pipeline.generator.injection.EventMix;
import dev.pipeline.generator.injection.RecentlyAcked;
import dev.pipeline.generator.observability.GeneratorStats;
import dev.pipeline.generator.pacing.GeneratorLoop;
import dev.pipeline.generator.pacing.Pacer;
import dev.pipeline.generator.pacing.RunLimits;
import dev.pipeline.generator.session.Shop;
import dev.pipeline.model.json.EventJson;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The whole sending side while the collector is down, then back: generation waits, nothing is lost or doubled. */
class CollectorOutageTest {

    @Test
    void generationWaitsWhileTheCollectorIsDownAndResumesWhenItIsBack() throws Exception {
        Vertx vertx = Vertx.vertx();
        int port = FakeCollector.freePort();
        GeneratorStats stats = new GeneratorStats(System::nanoTime);
        RecentlyAcked recentlyAcked = new RecentlyAcked();
        CollectorClient client = new CollectorClient(vertx, new CollectorClient.Settings(URI.create("http://127.0.0.1:" + port),
                Optional.empty(), 2, Duration.ofSeconds(10), new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), () -> 0.5)),
                stats, recentlyAcked, AckedIdsFile.open(Optional.empty()));
        EventMix mix = new EventMix(Shop.traffic(71), recentlyAcked, 0, 0.05, new SplittableRandom(71));
        GeneratorLoop loop = new GeneratorLoop(mix, new Pacer(100_000, System::nanoTime), client, 100, Duration.ofSeconds(1),
                new RunLimits(5_000, Duration.ZERO), System::nanoTime);
        FakeCollector collector = null;
        try {
            loop.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> stats.retries() >= 6);
            assertThat(stats.sent()).as("two batches in flight, then generation waits").isEqualTo(200);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> stats.sent() == 200);
            assertThat(stats.collectorTakesEvents()).isFalse();

            collector = FakeCollector.startOn(port);
            await().atMost(Duration.ofSeconds(30)).until(() -> loop.state() == GeneratorLoop.State.FINISHED && stats.pending() == 0);
            assertThat(stats.sent()).isEqualTo(5_000);
            assertThat(stats.acked()).isEqualTo(5_000);
            assertThat(stats.failed()).isZero();
            Set<String> ids = new HashSet<>();
            for (FakeCollector.Request request : collector.requests()) {
                EventJson.MAPPER.readTree(request.body()).forEach(event -> ids.add(event.get("event_id").asText()));
            }
            assertThat(ids).as("every new event once, duplicates on purpose only").hasSize((int) (5_000 - stats.duplicates()));
        } finally {
            loop.stop();
            client.close();
            if (collector != null) {
                collector.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}

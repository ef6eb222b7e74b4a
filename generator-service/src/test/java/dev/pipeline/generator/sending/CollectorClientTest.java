package dev.pipeline.generator.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.generator.FakeCollector;
import dev.pipeline.generator.FakeCollector.Answer;
import dev.pipeline.generator.injection.RecentlyAcked;
import dev.pipeline.generator.observability.GeneratorStats;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorClientTest {

    private static Vertx vertx;

    private final GeneratorStats stats = new GeneratorStats(System::nanoTime);
    private final RecentlyAcked recentlyAcked = new RecentlyAcked();
    private FakeCollector collector;
    private CollectorClient client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void resendsTheSameEventsThroughRefusedConnections429And503UntilAccepted() throws Exception {
        int port = FakeCollector.freePort();
        client = client(URI.create("http://127.0.0.1:" + port), Optional.empty(), 2, AckedIdsFile.open(Optional.empty()));
        Batch batch = Batches.valid(50);
        client.awaitCapacity();
        client.send(batch);
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.retries() >= 2); // connection refused, twice
        collector = FakeCollector.startOn(port).script(Answer.withRetryAfter(429, "1"), Answer.of(503));

        await().atMost(Duration.ofSeconds(20)).until(() -> stats.acked() == 50);
        assertThat(collector.requests()).hasSize(3)
                .allSatisfy(request -> assertThat(request.body()).isEqualTo(batch.body()));
        long afterRetryAfter = collector.requests().get(1).nanoTime() - collector.requests().get(0).nanoTime();
        assertThat(TimeUnit.NANOSECONDS.toMillis(afterRetryAfter)).as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(950);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> collector.requests().size() == 3);
        assertThat(stats.retries()).isGreaterThanOrEqualTo(4);
        assertThat(stats.sent()).isEqualTo(50);
        assertThat(stats.pending()).isZero();
        assertThat(stats.failed()).isZero();
        assertThat(stats.collectorTakesEvents()).isTrue();
    }

    @Test
    void countsA202sAcceptedAndRejectedAndRecordsTheAcknowledgedIds() throws Exception {
        collector = FakeCollector.start();
        Path ackedIds = tmp.resolve("acked/ids.txt");
        client = client(collector.url(), Optional.empty(), 2, AckedIdsFile.open(Optional.of(ackedIds)));
        Batch batch = Batches.mixed(40, 11);
        client.awaitCapacity();
        client.send(batch);

        await().atMost(Duration.ofSeconds(10)).until(() -> stats.acked() + stats.rejected() == 51);
        assertThat(stats.acked()).isEqualTo(40);
        assertThat(stats.rejected()).isEqualTo(11);
        List<String> expected = new ArrayList<>(batch.validIds());
        batch.invalid().forEach(event -> expected.add(event.eventId() + "\t" + event.brokenRule().code()));
        assertThat(Files.readAllLines(ackedIds)).as("valid ids, then each invalid id with its reason").isEqualTo(expected);
        assertThat(expected.get(40)).contains("\t");
        assertThat(recentlyAcked.pick(new SplittableRandom(1))).isIn(batch.fresh());
        assertThat(stats.retries()).isZero();
    }

    @Test
    void aBatchWithNoValidEventIsRejectedNotRetried() throws Exception {
        collector = FakeCollector.start();
        client = client(collector.url(), Optional.empty(), 2, AckedIdsFile.open(Optional.empty()));
        client.awaitCapacity();
        client.send(Batches.mixed(0, 22));

        await().atMost(Duration.ofSeconds(10)).until(() -> stats.rejected() == 22);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> collector.requests().size() == 1);
        assertThat(stats.retries()).isZero();
        assertThat(stats.acked()).isZero();
        assertThat(stats.pending()).isZero();
    }

    @Test
    void aRefusalThatWouldRepeatIsCountedFailedNotRetried() throws Exception {
        collector = FakeCollector.start().script(Answer.of(401));
        client = client(collector.url(), Optional.empty(), 2, AckedIdsFile.open(Optional.empty()));
        client.awaitCapacity();
        client.send(Batches.valid(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> stats.failed() == 10);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> collector.requests().size() == 1);
        assertThat(stats.retries()).isZero();
        assertThat(stats.collectorTakesEvents()).isFalse();
    }

    @Test
    void sendsJsonWithTheApiKey() throws Exception {
        collector = FakeCollector.start();
        client = client(collector.url(), Optional.of("s3cret"), 2, AckedIdsFile.open(Optional.empty()));
        client.awaitCapacity();
        client.send(Batches.valid(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> stats.acked() == 1);
        assertThat(collector.requests().get(0).header("X-API-Key")).isEqualTo("s3cret");
        assertThat(collector.requests().get(0).header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void holdsNoMoreBatchesThanAllowedWhileTheCollectorIsSlow() throws Exception {
        collector = FakeCollector.start();
        collector.holdAnswers();
        client = client(collector.url(), Optional.empty(), 2, AckedIdsFile.open(Optional.empty()));
        for (int i = 0; i < 2; i++) {
            client.awaitCapacity();
            client.send(Batches.valid(5));
        }
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
            try {
                client.awaitCapacity();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());
        assertThat(stats.inFlightBatches()).isEqualTo(2);

        collector.release();
        await().atMost(Duration.ofSeconds(10)).until(third::isDone);
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.acked() == 10);
        assertThat(client.awaitSettled(Duration.ofSeconds(1))).isFalse(); // the third place is still taken
    }

    private CollectorClient client(URI url, Optional<String> apiKey, int maxInFlight, AckedIdsFile ackedIds) {
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), () -> 0.5);
        return new CollectorClient(vertx, new CollectorClient.Settings(url, apiKey, maxInFlight, Duration.ofSeconds(10), retry),
                stats, recentlyAcked, ackedIds);
    }
}

package dev.pipeline.generator.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.generator.injection.EventMix;
import dev.pipeline.generator.injection.RecentlyAcked;
import dev.pipeline.generator.session.Shop;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GeneratorLoopTest {

    private static final int UNBOUNDED = Integer.MAX_VALUE;

    private GeneratorLoop loop;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
        }
    }

    @Test
    void stopsAfterMaxEventsInFullBatches() {
        RecordingSink sink = new RecordingSink(UNBOUNDED);
        loop = start(1_000_000, 100, Duration.ofSeconds(1), new RunLimits(2_050, Duration.ZERO), sink);
        await().atMost(Duration.ofSeconds(20)).until(() -> loop.state() == GeneratorLoop.State.FINISHED);
        assertThat(sink.events()).isEqualTo(2_050);
        assertThat(sink.sent).allSatisfy(s -> assertThat(s.batch().size()).isBetween(1, 100));
    }

    @Test
    void holdsTheRateInRealTimeAndStopsAfterTheDuration() {
        RecordingSink sink = new RecordingSink(UNBOUNDED);
        loop = start(2_000, 20, Duration.ofSeconds(1), new RunLimits(0, Duration.ofSeconds(3)), sink);
        await().atMost(Duration.ofSeconds(20)).until(() -> loop.state() == GeneratorLoop.State.FINISHED);
        // Generous: a shared two-core machine may stall the thread, and it catches up only one second's worth.
        assertThat(sink.events()).isBetween(4_200, 7_800);
        long first = sink.sent.get(0).nanoTime();
        long last = sink.sent.get(sink.sent.size() - 1).nanoTime();
        assertThat(TimeUnit.NANOSECONDS.toMillis(last - first)).as("spread over the run, not sent at once").isGreaterThan(2_000);
    }

    @Test
    void aLowRateSendsSmallBatchesSteadily() {
        RecordingSink sink = new RecordingSink(UNBOUNDED);
        loop = start(50, 1_000, Duration.ofMillis(200), new RunLimits(0, Duration.ZERO), sink);
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.sent.size() >= 5);
        assertThat(sink.sent).allSatisfy(s -> assertThat(s.batch().size()).isBetween(1, 40));
    }

    @Test
    void waitsWhileEveryPlaceInTheSinkIsTaken() {
        RecordingSink sink = new RecordingSink(2);
        loop = start(1_000_000, 100, Duration.ofSeconds(1), new RunLimits(0, Duration.ZERO), sink);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.size() == 2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> sink.sent.size() == 2);
        sink.settle(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.size() == 3);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> sink.sent.size() == 3);
    }

    @Test
    void pausesAndResumes() {
        RecordingSink sink = new RecordingSink(UNBOUNDED);
        loop = start(1_000, 10, Duration.ofSeconds(1), new RunLimits(0, Duration.ZERO), sink);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.size() >= 5);
        loop.pause();
        assertThat(loop.state()).isEqualTo(GeneratorLoop.State.PAUSED);
        await().atMost(Duration.ofSeconds(5)).until(() -> stableFor(sink, Duration.ofMillis(300)));
        int whilePaused = sink.sent.size();
        loop.resume();
        assertThat(loop.state()).isEqualTo(GeneratorLoop.State.RUNNING);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.size() >= whilePaused + 5);
    }

    @Test
    void stopEndsTheLoop() throws InterruptedException {
        RecordingSink sink = new RecordingSink(1);
        loop = start(1_000_000, 100, Duration.ofSeconds(1), new RunLimits(0, Duration.ZERO), sink);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.size() == 1);
        loop.stop(); // while it waits for capacity
        assertThat(loop.state()).isEqualTo(GeneratorLoop.State.STOPPED);
    }

    private static boolean stableFor(RecordingSink sink, Duration quiet) {
        if (sink.sent.isEmpty()) {
            return false;
        }
        return System.nanoTime() - sink.sent.get(sink.sent.size() - 1).nanoTime() >= quiet.toNanos();
    }

    private static GeneratorLoop start(double rate, int batchSize, Duration maxBatchDelay, RunLimits limits, RecordingSink sink) {
        EventMix mix = new EventMix(Shop.traffic(51), new RecentlyAcked(), 0, 0, new SplittableRandom(51));
        GeneratorLoop loop = new GeneratorLoop(mix, new Pacer(rate, System::nanoTime), sink, batchSize, maxBatchDelay,
                limits, System::nanoTime);
        loop.start();
        return loop;
    }
}

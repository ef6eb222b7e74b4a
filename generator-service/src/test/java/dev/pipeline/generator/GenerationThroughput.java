package dev.pipeline.generator;

import dev.pipeline.generator.injection.EventMix;
import dev.pipeline.generator.injection.RecentlyAcked;
import dev.pipeline.generator.pacing.GeneratorLoop;
import dev.pipeline.generator.pacing.Pacer;
import dev.pipeline.generator.pacing.RunLimits;
import dev.pipeline.generator.sending.Batch;
import dev.pipeline.generator.sending.BatchSink;
import dev.pipeline.generator.session.Shop;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast one generator makes events when sending costs nothing: sessions, ids, the invalid and
 * duplicate mix, pacing and the JSON bodies, on the generating thread, into a sink that only counts.
 * A measurement to run by hand, not a test (timings on a shared machine make poor assertions):
 *
 * <pre>
 * ./mvnw -q -pl generator-service test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.pipeline.generator.GenerationThroughput -Dexec.args="10 500"
 * </pre>
 *
 * Arguments: measured seconds (default 10, after a 5 s warm-up) and batch size (default 500).
 */
public final class GenerationThroughput {

    private static final Duration WARM_UP = Duration.ofSeconds(5);

    private GenerationThroughput() {
    }

    public static void main(String[] args) throws InterruptedException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        LongAdder events = new LongAdder();
        BatchSink counting = new BatchSink() {
            @Override
            public void awaitCapacity() {
                // Never full: only generation is measured.
            }

            @Override
            public void send(Batch batch) {
                events.add(batch.size());
            }
        };
        RecentlyAcked acked = new RecentlyAcked();
        EventMix mix = new EventMix(Shop.traffic(1), acked, 0.01, 0, new SplittableRandom(1));
        // A rate far above what one thread can make: the pacer never holds it back.
        GeneratorLoop loop = new GeneratorLoop(mix, new Pacer(1e9, System::nanoTime), counting, batchSize,
                Duration.ofSeconds(1), new RunLimits(0, Duration.ZERO), System::nanoTime);
        loop.start();
        LockSupport.parkNanos(WARM_UP.toNanos());
        long before = events.sum();
        long start = System.nanoTime();
        LockSupport.parkNanos(Duration.ofSeconds(seconds).toNanos());
        long made = events.sum() - before;
        double elapsed = (System.nanoTime() - start) / 1e9;
        loop.stop();
        System.out.printf("generated %d events in %.1f s: %.0f events/s (batch size %d, 1%% invalid)%n",
                made, elapsed, made / elapsed, batchSize);
    }
}

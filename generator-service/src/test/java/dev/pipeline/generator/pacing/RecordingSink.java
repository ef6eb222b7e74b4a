package dev.pipeline.generator.pacing;

import dev.pipeline.generator.sending.Batch;
import dev.pipeline.generator.sending.BatchSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/** Keeps what it is sent, with the time; its capacity is released only when the test says so. */
final class RecordingSink implements BatchSink {

    record Sent(Batch batch, long nanoTime) {
    }

    private final Semaphore capacity;
    final List<Sent> sent = new CopyOnWriteArrayList<>();

    RecordingSink(int capacity) {
        this.capacity = new Semaphore(capacity);
    }

    @Override
    public void awaitCapacity() throws InterruptedException {
        capacity.acquire();
    }

    @Override
    public void send(Batch batch) {
        sent.add(new Sent(batch, System.nanoTime()));
    }

    void settle(int batches) {
        capacity.release(batches);
    }

    int events() {
        return sent.stream().mapToInt(s -> s.batch().size()).sum();
    }
}

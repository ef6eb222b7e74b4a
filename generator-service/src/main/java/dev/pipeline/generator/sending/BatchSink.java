package dev.pipeline.generator.sending;

/** Where the generating loop hands its batches. */
public interface BatchSink {

    /**
     * Blocks until one more batch may be in flight. This is the generator's backpressure: while the
     * collector is down or slow, generation waits here instead of piling events up in memory.
     */
    void awaitCapacity() throws InterruptedException;

    /** Sends a batch, taking the capacity {@link #awaitCapacity()} granted until it is answered. */
    void send(Batch batch);
}

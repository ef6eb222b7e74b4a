package dev.pipeline.stream.query;

import java.time.Duration;

/** Told what each micro-batch did: the status behind {@code /lag}, health and metrics. */
public interface BatchListener {

    void committed(BatchOutcome outcome);

    void failed(long batchId, Exception cause, Duration retryIn);
}

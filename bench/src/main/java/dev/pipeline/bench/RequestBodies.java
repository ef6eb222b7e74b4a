package dev.pipeline.bench;

/**
 * What a load client sends, one body per request: rendered once as a template, then copied with the
 * request's batch number written into every id, so the client spends its CPU on HTTP, not on JSON.
 */
interface RequestBodies {

    /** A fresh body for batch {@code batchNumber}; fresh so that no in-flight send ever sees it change. */
    byte[] body(long batchNumber);

    int bytesPerBody();

    /** Messages of one body as its protocol counts them: events, Segment calls, Snowplow events. */
    int messagesPerBody();

    /** Pipeline events the collector makes of one body (an order makes one per product). */
    int eventsPerBody();
}

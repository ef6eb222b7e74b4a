package dev.pipeline.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's blocking send loop. Each worker owns its own {@link HttpClient}: a client's
 * HTTP/1.1 pool is private to it and this loop never has two requests in flight, so N workers hold
 * exactly N TCP connections to the collector.
 */
final class LoadWorker implements Runnable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Longest a 503's Retry-After is honoured: a benchmark wants to keep pushing, not idle. */
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Pause after an error or unexpected status, so a misconfigured run does not spin the CPU. */
    private static final long ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final LoadOptions options;
    private final RequestBodies bodies;
    private final AtomicLong nextBatch;
    private final long measureFrom;
    private final long measureUntil;
    private final HttpClient client;
    private final java.net.URI target;

    final LoadTally tally = new LoadTally();

    LoadWorker(HttpClient client, LoadOptions options, RequestBodies bodies, AtomicLong nextBatch,
            long measureFrom, long measureUntil) {
        this.client = client;
        this.options = options;
        this.bodies = bodies;
        this.nextBatch = nextBatch;
        this.measureFrom = measureFrom;
        this.measureUntil = measureUntil;
        this.target = options.target();
    }

    /** A client of its own per worker; building one starts threads, so it is done before the clock starts. */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public void run() {
        try {
            while (System.nanoTime() < measureUntil) {
                sendOne();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendOne() throws InterruptedException {
        HttpRequest request = request(bodies.body(nextBatch.getAndIncrement()));
        long started = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (inWindow(System.nanoTime())) {
                tally.recordError(e);
            }
            pause(ERROR_PAUSE_NANOS);
            return;
        }
        long finished = System.nanoTime();
        int status = response.statusCode();
        boolean success = status == options.protocol().success;
        if (inWindow(finished)) {
            // A tracker's answer says only "success": its events are what the body makes (all valid by construction).
            boolean nativePath = options.protocol() == LoadOptions.Protocol.EVENTS;
            tally.recordResponse(status, success, TimeUnit.NANOSECONDS.toMicros(finished - started), bodies.messagesPerBody(),
                    nativePath ? count(response.body(), "accepted", options.batch()) : bodies.eventsPerBody(),
                    nativePath ? count(response.body(), "rejected", 0) : 0);
        }
        if (status == 503 || status == 429) {
            pause(retryAfterNanos(response));
        } else if (!success) {
            pause(ERROR_PAUSE_NANOS);
        }
    }

    private HttpRequest request(byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        switch (options.protocol()) {
            case EVENTS -> {
                builder.header("Content-Type", "application/json");
                options.apiKey().ifPresent(key -> builder.header("X-API-Key", key));
            }
            // analytics-node: plain JSON, the write key as the Basic user name (and in the body).
            case SEGMENT -> builder.header("Content-Type", "application/json")
                    .header("Authorization", SegmentBodies.authorization(CollectorLoad.writeKey(options)));
            // The Snowplow node tracker: no credentials.
            case SNOWPLOW -> builder.header("Content-Type", SnowplowBodies.CONTENT_TYPE);
        }
        return builder.build();
    }

    private boolean inWindow(long nanoTime) {
        return nanoTime >= measureFrom && nanoTime < measureUntil;
    }

    /** Sleeps, but never past the end of the run. */
    private void pause(long nanos) throws InterruptedException {
        long until = Math.min(System.nanoTime() + nanos, measureUntil);
        long left = until - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static long retryAfterNanos(HttpResponse<?> response) {
        long seconds = response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return 0L;
            }
        }).orElse(0L);
        long nanos = seconds > 0 ? TimeUnit.SECONDS.toNanos(seconds) : TimeUnit.MILLISECONDS.toNanos(100);
        return Math.min(nanos, MAX_BACKOFF_NANOS);
    }

    /**
     * Reads {@code "name":N} from the collector's small answer without a JSON parser; the fallback
     * applies when the field is absent.
     */
    static long count(String body, String name, long fallback) {
        String key = "\"" + name + "\":";
        int at = body.indexOf(key);
        if (at < 0) {
            return fallback;
        }
        int i = at + key.length();
        while (i < body.length() && body.charAt(i) == ' ') {
            i++;
        }
        long n = 0;
        int start = i;
        while (i < body.length() && Character.isDigit(body.charAt(i))) {
            n = n * 10 + (body.charAt(i++) - '0');
        }
        return i > start ? n : fallback;
    }
}

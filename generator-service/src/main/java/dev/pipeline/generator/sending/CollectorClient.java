package dev.pipeline.generator.sending;

import dev.pipeline.generator.injection.RecentlyAcked;
import dev.pipeline.generator.observability.GeneratorStats;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Posts batches to the collector's {@code POST /events} with the Vert.x HTTP client (non-blocking:
 * a few connections carry tens of thousands of events a second), and sees each batch through to an
 * answer that settles it. 429, 5xx and no answer at all mean "not now": the same body, with the same
 * event ids, goes again after a backoff. A 400 with counts means every event was invalid and is
 * quarantined; other refusals (401, 413, 415...) would come back the same and are given up.
 *
 * <p>At most {@code maxInFlight} batches are unsettled at once, retries included; the generating
 * loop waits in {@link #awaitCapacity()} for a free place. A batch's outcome is counted before its
 * place is freed, so the counts are final by the time {@code pending} reads 0.
 */
public final class CollectorClient implements BatchSink, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CollectorClient.class);
    /** Problems that repeat for every batch (collector down) are logged at most this often. */
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /** Where and how to post. */
    public record Settings(URI collectorUrl, Optional<String> apiKey, int maxInFlight, Duration requestTimeout,
            RetryPolicy retry) {

        public Settings {
            if (!"http".equals(collectorUrl.getScheme()) && !"https".equals(collectorUrl.getScheme())) {
                throw new IllegalArgumentException("generator.collector-url must be an http or https URL, got " + collectorUrl);
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("generator.max-in-flight must be at least 1, got " + maxInFlight);
            }
        }

        /** The collector's {@code /events} under the configured base URL. */
        public String eventsUrl() {
            String base = collectorUrl.toString();
            return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/events";
        }
    }

    private final Vertx vertx;
    private final Settings settings;
    private final HttpClient http;
    private final RequestOptions request;
    private final Semaphore slots;
    private final GeneratorStats stats;
    private final RecentlyAcked recentlyAcked;
    private final AckedIdsFile ackedIds;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private volatile boolean closed;

    public CollectorClient(Vertx vertx, Settings settings, GeneratorStats stats, RecentlyAcked recentlyAcked,
            AckedIdsFile ackedIds) {
        this.vertx = vertx;
        this.settings = settings;
        this.stats = stats;
        this.recentlyAcked = recentlyAcked;
        this.ackedIds = ackedIds;
        this.slots = new Semaphore(settings.maxInFlight());
        // One connection per batch in flight: HTTP/1.1 carries one request at a time.
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setConnectTimeout(CONNECT_TIMEOUT_MILLIS),
                new PoolOptions().setHttp1MaxSize(settings.maxInFlight()));
        this.request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(settings.eventsUrl())
                .setIdleTimeout(settings.requestTimeout().toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        settings.apiKey().ifPresent(key -> request.putHeader("X-API-Key", key));
    }

    @Override
    public void awaitCapacity() throws InterruptedException {
        slots.acquire();
    }

    @Override
    public void send(Batch batch) {
        stats.sent(batch);
        attempt(batch, 1);
    }

    /** Waits until every batch sent has been settled; false if some are still open after {@code timeout}. */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        if (!slots.tryAcquire(settings.maxInFlight(), timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        slots.release(settings.maxInFlight());
        return true;
    }

    /** Stops sending: batches still waiting for a retry are given up and counted failed. */
    @Override
    public void close() {
        closed = true;
        http.close();
    }

    private void attempt(Batch batch, int attempt) {
        if (closed) {
            LOG.debugf("Giving up a batch of %d events: the generator is shutting down", batch.size());
            stats.failed(batch);
            slots.release();
            return;
        }
        if (attempt > 1) {
            stats.retried();
        }
        Buffer body = Buffer.buffer(batch.body());
        http.request(request)
                .compose(req -> req.send(body))
                .compose(response -> response.body().map(answer -> CollectorAnswer.of(response.statusCode(),
                        RetryPolicy.parseRetryAfter(response.getHeader(HttpHeaders.RETRY_AFTER), Instant.now()),
                        answer.getBytes())))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        answered(batch, attempt, result.result());
                    } else {
                        retryLater(batch, attempt, Optional.empty(), "no answer from " + settings.eventsUrl() + " ("
                                + result.cause().getClass().getSimpleName() + ": " + result.cause().getMessage() + ")");
                    }
                });
    }

    private void answered(Batch batch, int attempt, CollectorAnswer answer) {
        switch (answer.outcome()) {
            case ACCEPTED -> {
                int accepted = answer.accepted() >= 0 ? answer.accepted() : batch.validCount();
                int rejected = answer.rejected() >= 0 ? answer.rejected() : batch.invalidCount();
                if (accepted != batch.validCount()) {
                    warn("The collector accepted " + accepted + " of a batch holding " + batch.validCount()
                            + " valid events; its rules and the generator's disagree: " + answer.body());
                }
                recentlyAcked.addAll(batch.fresh());
                // Before the count: whoever sees an event counted acked finds its id in the file.
                ackedIds.append(batch);
                stats.accepted(batch, accepted, rejected);
                slots.release();
            }
            case REJECTED -> {
                ackedIds.append(batch); // a 400 quarantines every event of the batch: none valid
                stats.rejected(batch, answer.rejected());
                slots.release();
            }
            case RETRY -> retryLater(batch, attempt, answer.retryAfter(), "the collector answered " + answer.status());
            case FAILED -> {
                warn("The collector refused a batch of " + batch.size() + " events with " + answer.status() + ": "
                        + answer.body() + "; sending it again would not help, so it is counted failed");
                stats.failed(batch);
                slots.release();
            }
        }
    }

    private void retryLater(Batch batch, int attempt, Optional<Duration> retryAfter, String why) {
        Duration wait = settings.retry().delay(attempt, retryAfter);
        warn(why + "; " + stats.inFlightBatches() + " batches waiting, this one tried " + attempt
                + " times, next try in " + wait.toMillis() + " ms");
        vertx.setTimer(Math.max(1, wait.toMillis()), timer -> attempt(batch, attempt + 1));
    }

    private void warn(String message) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn(message);
        } else {
            LOG.debug(message);
        }
    }
}

package dev.pipeline.generator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the generator. Each is also read from the environment: {@code generator.rate} from
 * {@code GENERATOR_RATE}, {@code generator.batch-size} from {@code GENERATOR_BATCH_SIZE}, and so on.
 */
@ConfigMapping(prefix = "generator")
public interface GeneratorConfig {

    /** Whether generating starts with the service. Off, the service only answers its endpoints. */
    @WithDefault("true")
    boolean enabled();

    /** Base URL of the collector; events go to {@code <url>/events}. */
    @WithDefault("http://localhost:8081")
    URI collectorUrl();

    /** Sent as {@code X-API-Key} when set (the collector's {@code COLLECTOR_API_KEY}). */
    Optional<String> apiKey();

    /** Events per second, held evenly over time (one event every 1/rate s), not in bursts. */
    @WithDefault("100")
    double rate();

    /** Events per request. The collector takes at most {@code COLLECTOR_MAX_EVENTS} (10000). */
    @WithDefault("100")
    int batchSize();

    /**
     * A batch is sent when full or once its first event has waited this long, so that a rate below
     * the batch size still sends steadily instead of one large batch now and then.
     */
    @WithDefault("1s")
    Duration maxBatchDelay();

    /** Stop generating after this many events (valid, invalid and duplicates together); 0 = no limit. */
    @WithDefault("0")
    long maxEvents();

    /** Stop generating after this long (a plain number is seconds: {@code 60}, or {@code 5m}); 0 = no limit. */
    @WithDefault("0")
    Duration duration();

    /** Share of events that break one rule of the contract, cycling through the reason codes. */
    @WithDefault("0")
    double invalidRatio();

    /** Share of events that repeat an already acknowledged event, same id and content. */
    @WithDefault("0")
    double duplicateRatio();

    /** Add-to-cart events per view; with the default purchase ratio the funnel is 100 : 10 : 3. */
    @WithDefault("0.10")
    double addToCartRatio();

    /** Purchases per view; at most {@link #addToCartRatio()}, since only what is in the cart is bought. */
    @WithDefault("0.03")
    double purchaseRatio();

    /** Returning shoppers; a few of them come often, most rarely. */
    @WithDefault("10000")
    int users();

    /** Products in the catalogue. Every instance with the same size has the same catalogue and prices. */
    @WithDefault("1000")
    int products();

    /** Fixes the sessions (who buys what, when) for a repeatable run. Event ids stay unique regardless. */
    Optional<Long> seed();

    /**
     * Batches sent and not yet answered. When all are waiting (the collector is down or slow),
     * generation pauses: memory stays bounded and no event is dropped. Also the number of
     * connections. 16 batches of 100 carry over 100,000 events/s to a local collector.
     */
    @WithDefault("16")
    int maxInFlight();

    /** Wait before the first retry of a batch; doubled at each further retry, with jitter. */
    @WithDefault("100ms")
    Duration retryInitialBackoff();

    /** Longest wait between two retries, unless the collector's {@code Retry-After} asks for more. */
    @WithDefault("10s")
    Duration retryMaxBackoff();

    /** A request without any answer for this long is abandoned and retried. */
    @WithDefault("30s")
    Duration requestTimeout();

    /**
     * When set, the id of every event the collector recorded is appended to this file, one a line
     * (an invalid one followed by a tab and its reason code), so that a run can be reconciled event by
     * event ({@code lost} = acknowledged ids found nowhere downstream).
     */
    Optional<Path> ackedIdsFile();
}

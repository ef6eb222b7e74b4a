package dev.pipeline.collector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the collector. Each is also read from the environment: {@code collector.roll-interval}
 * from {@code COLLECTOR_ROLL_INTERVAL}, and so on.
 */
@ConfigMapping(prefix = "collector")
public interface CollectorConfig {

    /**
     * When set, {@code POST /events} must carry this value in {@code X-API-Key}, and the Segment paths
     * as write key (Basic user name or {@code writeKey}), else 401. Snowplow trackers send no key.
     */
    Optional<String> apiKey();

    /** The protocols answered; a path of one left out is a 404. */
    @WithDefault("events,segment,snowplow")
    List<Protocol> protocols();

    /**
     * Origins whose pages may send from a browser (CORS), comma-separated; {@code *} allows every
     * origin. An allowed origin is echoed with {@code Access-Control-Allow-Credentials: true}, as
     * browser trackers send with credentials. Applied through {@code quarkus.http.cors.origins}.
     */
    @WithDefault("*")
    List<String> corsOrigins();

    /** Largest request body, measured after gzip decompression; larger is a 413. */
    @WithDefault("5242880")
    long maxBodyBytes();

    /**
     * Most events in one request; more is a 413. A tracker request counts the events and records it
     * makes (an order makes one per product).
     */
    @WithDefault("10000")
    int maxEvents();

    /**
     * An open CSV file is published to {@code raw/} at least this often (when it holds data). With
     * the stream's 250 ms trigger, 200 ms keeps an event's p99 from arrival to commit under a second
     * at 10,000 events/s (BENCHMARKS.md); it was 500ms.
     */
    @WithDefault("200ms")
    Duration rollInterval();

    /**
     * An open CSV file is published once it reaches this size. 32 MiB, the stream service's Spark
     * partition size ({@code spark.sql.files.maxPartitionBytes}): a file is read whole by one task, so
     * this bounds what one task holds, and with {@code stream.max-files-per-trigger} what a batch holds.
     */
    @WithDefault("33554432")
    long rollMaxBytes();

    /** Below this much free disk the collector refuses new events with 503 and reports not ready. */
    @WithDefault("268435456")
    long minFreeDiskBytes();

    /**
     * Request bodies held in memory at once, across all connections; a body that would pass it gets
     * 503. Bounds the heap however many clients send large bodies together: 64 MiB, which with the
     * writer's queue ({@link #queueMaxBytes()}) fits the 160 MiB heap {@code ./run.sh} gives the collector
     * (128 connections of 500-event bodies hold ~10 MB).
     */
    @WithDefault("67108864")
    long maxInflightBytes();

    /**
     * How long a request body may take to arrive, from the end of its headers; slower is a 408 and
     * the connection is closed. Bounds how long a client sending a byte now and then (which resets
     * {@code quarkus.http.idle-timeout}) holds a connection and its share of {@link #maxInflightBytes()}.
     * 0 turns the bound off.
     */
    @WithDefault("60s")
    Duration bodyTimeout();

    /** Bytes of encoded events waiting for the writer; beyond it requests get 503 (backpressure). */
    @WithDefault("67108864")
    long queueMaxBytes();

    /**
     * Whether a 202 waits for fsync. Turning it off is only for measuring what durability costs: a
     * crash can then lose acknowledged events.
     */
    @WithDefault("true")
    boolean fsync();

    /**
     * Names this collector's files, unique among collectors sharing one data folder. Defaults to
     * host name and process id.
     */
    Optional<String> instanceId();
}

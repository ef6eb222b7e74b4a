package dev.pipeline.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What one load run does, read from the command line.
 *
 * @param eventsUri the collector's {@code /events}; {@link #target()} is where the protocol's requests go
 * @param batch messages per request: events for {@code POST /events}, tracker messages otherwise
 */
record LoadOptions(
        URI eventsUri,
        Protocol protocol,
        int connections,
        int batch,
        Duration duration,
        Duration warmup,
        Optional<String> apiKey,
        Optional<Path> out) {

    /** The collector refuses larger requests with 413 (COLLECTOR_MAX_EVENTS default). */
    static final int MAX_BATCH = 10_000;

    /** What the client speaks: the collector's own {@code POST /events}, or a tracker SDK's requests. */
    enum Protocol {
        /** {@code POST /events}, JSON arrays of events; 202 with the accepted count. */
        EVENTS("/events", 202),
        /** {@code POST /v1/batch} as analytics-node sends it ({@link SegmentBodies}); 200. */
        SEGMENT(SegmentBodies.PATH, 200),
        /** {@code POST .../tp2} as the Snowplow node tracker sends it ({@link SnowplowBodies}); 200. */
        SNOWPLOW(SnowplowBodies.PATH, 200);

        final String path;
        final int success;

        Protocol(String path, int success) {
            this.path = path;
            this.success = success;
        }

        static Protocol of(String name) {
            for (Protocol protocol : values()) {
                if (protocol.name().equalsIgnoreCase(name)) {
                    return protocol;
                }
            }
            throw new IllegalArgumentException("--protocol takes events, segment or snowplow, got " + name);
        }

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where this run's requests go. */
    URI target() {
        return eventsUri.resolve(protocol.path);
    }

    static LoadOptions parse(String[] args) {
        Flags flags = Flags.parse(args,
                Set.of("--url", "--protocol", "--connections", "--batch", "--duration", "--warmup", "--api-key", "--out"), Set.of());
        Duration duration = flags.duration("--duration", Duration.ofSeconds(30));
        Duration warmup = flags.duration("--warmup", Duration.ofSeconds(5));
        if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("--duration must be more than 0 and --warmup not negative");
        }
        return new LoadOptions(eventsUri(flags.string("--url", "http://127.0.0.1:8081")),
                Protocol.of(flags.string("--protocol", "events")), flags.integer("--connections", 1, 1, 4096), flags.integer("--batch", 500, 1, MAX_BATCH),
                duration, warmup, flags.string("--api-key").filter(k -> !k.isEmpty()), flags.path("--out"));
    }

    /** {@code http://host:port} with or without {@code /events} and a trailing slash. */
    static URI eventsUri(String url) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri = URI.create(base.endsWith("/events") ? base : base + "/events");
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("--url must be http://host:port, got " + url);
        }
        return uri;
    }
}

package dev.pipeline.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What one load run does, read from the command line. */
record LoadOptions(
        URI eventsUri,
        int connections,
        int batch,
        Duration duration,
        Duration warmup,
        Optional<String> apiKey,
        Optional<Path> out) {

    /** The collector refuses larger requests with 413 (COLLECTOR_MAX_EVENTS default). */
    static final int MAX_BATCH = 10_000;

    static LoadOptions parse(String[] args) {
        String url = "http://127.0.0.1:8081";
        int connections = 1;
        int batch = 500;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(5);
        String apiKey = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--url" -> url = value;
                case "--connections" -> connections = positiveInt(flag, value, 4096);
                case "--batch" -> batch = positiveInt(flag, value, MAX_BATCH);
                case "--duration" -> duration = parseDuration(value);
                case "--warmup" -> warmup = parseDuration(value);
                case "--api-key" -> apiKey = value;
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("--duration must be more than 0 and --warmup not negative");
        }
        return new LoadOptions(eventsUri(url), connections, batch, duration, warmup,
                Optional.ofNullable(apiKey).filter(k -> !k.isEmpty()), Optional.ofNullable(out));
    }

    /** Accepts {@code 30s}, {@code 500ms}, {@code 2m} or plain seconds. */
    static Duration parseDuration(String text) {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + text + " (use e.g. 30s, 500ms, 2m)");
        }
    }

    private static URI eventsUri(String url) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri = URI.create(base.endsWith("/events") ? base : base + "/events");
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("--url must be http://host:port, got " + url);
        }
        return uri;
    }

    private static int positiveInt(String flag, String value, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the allowed range
        }
        throw new IllegalArgumentException(flag + " must be a whole number from 1 to " + max + ", got " + value);
    }
}

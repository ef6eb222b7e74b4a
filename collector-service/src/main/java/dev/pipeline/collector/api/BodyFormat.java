package dev.pipeline.collector.api;

import java.util.Locale;
import java.util.Optional;

/** The two body formats the collector reads, from the request's {@code Content-Type}. */
enum BodyFormat {
    JSON("application/json"),
    NDJSON("application/x-ndjson");

    private final String mediaType;

    BodyFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The format of a {@code Content-Type} header value; parameters such as {@code charset} are ignored. */
    static Optional<BodyFormat> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        for (BodyFormat format : values()) {
            if (format.mediaType.equals(type)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}

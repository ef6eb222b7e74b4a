package dev.pipeline.collector.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks {@code X-API-Key} against {@code COLLECTOR_API_KEY}. Both are hashed before a constant-time
 * comparison, so neither the content nor the length of the key leaks through response times.
 */
final class ApiKeyCheck {

    private final byte[] expectedHash;

    ApiKeyCheck(Optional<String> apiKey) {
        this.expectedHash = apiKey.filter(key -> !key.isEmpty()).map(ApiKeyCheck::sha256).orElse(null);
    }

    boolean allows(String presented) {
        if (expectedHash == null) {
            return true;
        }
        return presented != null && MessageDigest.isEqual(expectedHash, sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

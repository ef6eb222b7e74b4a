package dev.pipeline.generator.session;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Event ids: UUID version 7 (RFC 9562) from java-uuid-generator. 48 bits of millisecond time then
 * 74 random bits (from {@code SecureRandom}, whatever {@code generator.seed} says), so any number
 * of generators make ids that never collide without talking to each other, and the ids of one
 * generator sort in the order they were made, which keeps the collector's and PostgreSQL's
 * indexes on {@code event_id} append-mostly.
 */
public final class EventIds {

    private final TimeBasedEpochGenerator generator = Generators.timeBasedEpochGenerator();

    public String next() {
        return generator.generate().toString();
    }
}

package dev.pipeline.collector.storage;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names files so that they never collide, even among collectors sharing one data folder and across
 * restarts of one collector: {@code <kind>-<UTC time>-<instance>-<boot id>-<sequence>}. The time
 * first makes a listing sort by age; the random boot id separates two lives of one instance id.
 */
public final class FileNamer {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String instanceId;
    private final String bootId;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public FileNamer(String instanceId, Clock clock) {
        this.instanceId = sanitize(instanceId);
        this.bootId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.clock = clock;
    }

    /** A new unique name, e.g. {@code events-20261125T101530.123Z-host-4711-1a2b3c4d-000042.csv}. */
    public String next(String kind, String extension) {
        return String.format("%s-%s-%s-%s-%06d.%s",
                kind, TIME.format(clock.instant()), instanceId, bootId, sequence.incrementAndGet(), extension);
    }

    /** The name of this process's work folder. */
    public String workFolderName() {
        return "collector-" + instanceId + "-" + bootId;
    }

    public String instanceId() {
        return instanceId;
    }

    /** Keeps instance ids safe in file names: no separators, no leading dot that would hide the file from Spark. */
    static String sanitize(String id) {
        String safe = id.replaceAll("[^A-Za-z0-9_.-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "i" + safe : safe;
    }
}

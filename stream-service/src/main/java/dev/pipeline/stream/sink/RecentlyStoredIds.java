package dev.pipeline.stream.sink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.util.sketch.BloomFilter;

/**
 * The event ids this JVM stored lately, in Bloom filters: for nearly every new id they answer
 * "certainly not stored", so a partition asks PostgreSQL only about the few ids that may be stored.
 * Looking up every id cost as much as the COPY itself (about 6 µs a row, measured in bench/).
 *
 * <p>The filters decide only how fast a row goes in, never whether: an id stored by another JVM,
 * before a restart or longer ago than the filters remember is "not stored" here, so its row goes
 * into the COPY, the unique index refuses it, and the partition takes the slower path that skips
 * collisions ({@link PartitionTransaction}). Two generations of {@value #GENERATION_IDS} ids each:
 * when the newer fills up, the older is dropped, so memory stays fixed (about 10 MB).
 */
public final class RecentlyStoredIds {

    static final long GENERATION_IDS = 4_000_000;
    private static final double FALSE_POSITIVE_RATE = 0.01;
    private static final Map<String, RecentlyStoredIds> BY_DATABASE = new ConcurrentHashMap<>();

    private final long generationIds;
    private BloomFilter newer;
    private BloomFilter older;
    private long newerCount;

    RecentlyStoredIds(long generationIds) {
        this.generationIds = generationIds;
        this.newer = BloomFilter.create(generationIds, FALSE_POSITIVE_RATE);
    }

    /** The ids this JVM stored into the database of {@code url} (executors of one JVM share them). */
    public static RecentlyStoredIds of(String url) {
        return BY_DATABASE.computeIfAbsent(url, u -> new RecentlyStoredIds(GENERATION_IDS));
    }

    /** Of the given ids, those that may be stored: every stored one the filters remember, and about 1 % of the rest. */
    public synchronized List<String> mayBeStored(Collection<String> ids) {
        List<String> maybe = new ArrayList<>();
        for (String id : ids) {
            if (newer.mightContainString(id) || (older != null && older.mightContainString(id))) {
                maybe.add(id);
            }
        }
        return maybe;
    }

    /** Remembers ids that are now committed to {@code user_events}. */
    public synchronized void add(Collection<String> ids) {
        for (String id : ids) {
            if (newerCount == generationIds) {
                older = newer;
                newer = BloomFilter.create(generationIds, FALSE_POSITIVE_RATE);
                newerCount = 0;
            }
            newer.putString(id);
            newerCount++;
        }
    }
}

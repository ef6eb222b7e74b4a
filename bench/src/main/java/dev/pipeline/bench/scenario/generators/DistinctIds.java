package dev.pipeline.bench.scenario.generators;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Counts rows, distinct ids and repeated ids over tens of millions of ids (a default generators run
 * writes some 35M) without holding the ids: 8 bytes per row. Pass one keeps a 64-bit hash of each id;
 * the hashes seen more than once (repeated ids, or in a rare case different ids with one hash) are the
 * candidates, and pass two counts the candidates' ids themselves, so the result is exact.
 *
 * <pre>{@code
 * DistinctIds ids = new DistinctIds();
 * every id: ids.add(id);
 * if (ids.needsSecondPass()) { every id again: ids.recount(id); }
 * ids.rows(), ids.distinct(), ids.seenMoreThanOnce()
 * }</pre>
 */
final class DistinctIds {

    private final ToLongFunction<String> hash;
    private long[] hashes = new long[1 << 20];
    private int rows;
    private Set<Long> candidates;
    private final Map<String, Integer> candidateCounts = new HashMap<>();
    private long distinctHashes;

    DistinctIds() {
        this(DistinctIds::hash64);
    }

    /** With another hash: a test forces collisions with a constant one. */
    DistinctIds(ToLongFunction<String> hash) {
        this.hash = hash;
    }

    /** Pass one: an id of a row. */
    void add(String id) {
        if (candidates != null) {
            throw new IllegalStateException("add() after the first pass ended");
        }
        if (rows == hashes.length) {
            if (rows == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("more than " + rows + " ids");
            }
            hashes = Arrays.copyOf(hashes, (int) Math.min(Integer.MAX_VALUE - 8L, rows * 3L / 2));
        }
        hashes[rows++] = hash.applyAsLong(id);
    }

    /** Ends pass one; true when some hash was seen more than once and pass two must count those ids. */
    boolean needsSecondPass() {
        endFirstPass();
        return !candidates.isEmpty();
    }

    /** Pass two: the same ids again; only those whose hash is a candidate are kept. */
    void recount(String id) {
        endFirstPass();
        if (candidates.contains(hash.applyAsLong(id))) {
            candidateCounts.merge(id, 1, Integer::sum);
        }
    }

    long rows() {
        return rows;
    }

    /** Distinct ids: one per hash, plus the extra ids that share a candidate's hash. */
    long distinct() {
        endFirstPass();
        Map<Long, Integer> idsPerCandidate = new HashMap<>();
        candidateCounts.keySet().forEach(id -> idsPerCandidate.merge(hash.applyAsLong(id), 1, Integer::sum));
        return distinctHashes + idsPerCandidate.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** Ids that occur in more than one row. */
    long seenMoreThanOnce() {
        endFirstPass();
        return candidateCounts.values().stream().filter(n -> n > 1).count();
    }

    private void endFirstPass() {
        if (candidates != null) {
            return;
        }
        Arrays.sort(hashes, 0, rows);
        candidates = new HashSet<>();
        for (int i = 0; i < rows; i++) {
            if (i == 0 || hashes[i] != hashes[i - 1]) {
                distinctHashes++;
            } else {
                candidates.add(hashes[i]);
            }
        }
        hashes = null; // the memory of pass one is not needed any more
    }

    /** FNV-1a over the characters, then MurmurHash3's finalizer to spread the bits. */
    static long hash64(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}

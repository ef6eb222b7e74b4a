package dev.pipeline.stream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import dev.pipeline.stream.EventsTable;
import dev.pipeline.stream.RawFolder;
import dev.pipeline.stream.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transactions that make every row count once, against a real PostgreSQL (no Spark needed). */
class PartitionTransactionTest {

    private final String p = RawFolder.uniquePrefix();
    private final UUID query = UUID.randomUUID();
    /** What this "JVM" stored; small generations, so the tests also cross a rotation. */
    private final RecentlyStoredIds storedIds = new RecentlyStoredIds(1000);
    private BatchLedger ledger;

    @BeforeEach
    void schema() throws SQLException {
        ledger = new BatchLedger(TestPostgres.get().dataSource());
        ledger.ensureSchema();
    }

    @Test
    void rowsAreDedupedWithinAPartitionAndAgainstTheTable() throws Exception {
        assertThat(load(1, "a.csv", concat(events(0, 10), events(5, 10)))).isEqualTo(15);
        assertThat(load(2, "b.csv", events(10, 10))).isEqualTo(5);
        assertThat(EventsTable.ids(p)).hasSize(20);
    }

    @Test
    void idsStoredByAnotherJvmOrBeforeARestartAreStillStoredOnce() throws Exception {
        assertThat(load(1, "a.csv", events(0, 3000))).isEqualTo(3000);
        // A fresh filter knows none of them: the COPY collides and the partition skips the collisions.
        assertThat(load(2, "b.csv", events(2500, 1000), new RecentlyStoredIds(1000))).isEqualTo(500);
        assertThat(EventsTable.ids(p)).hasSize(3500);
    }

    @Test
    void theFilterRemembersWhatWasCommittedAndNothingElse() throws Exception {
        load(1, "a.csv", events(0, 500));
        try (Connection connection = TestPostgres.get().connect()) {
            PartitionTransaction cut = new PartitionTransaction(connection, query, 2, storedIds);
            cut.stage(events(500, 500));
            // Not committed: these ids must not be remembered as stored.
        }
        List<String> all = events(0, 1000).stream().map(UserEvent::eventId).toList();
        List<String> maybe = storedIds.mayBeStored(all);
        assertThat(maybe).containsAll(all.subList(0, 500));
        // Of the 500 never stored, about 1 % may be reported (a Bloom filter's false positives).
        assertThat(maybe.size() - 500).isLessThan(50);
    }

    @Test
    void theFilesABatchLoadedAreKnownToALaterRunOfTheSameBatch() throws Exception {
        load(7, "a.csv", events(0, 3));
        try (Connection connection = TestPostgres.get().connect()) {
            assertThat(new PartitionTransaction(connection, query, 7, storedIds).alreadyLoaded(List.of("a.csv", "b.csv")))
                    .containsExactly("a.csv");
            assertThat(new PartitionTransaction(connection, query, 8, storedIds).alreadyLoaded(List.of("a.csv"))).isEmpty();
        }
    }

    @Test
    void aPartitionThatDoesNotCommitLeavesNothingBehind() throws Exception {
        try (Connection connection = TestPostgres.get().connect()) {
            PartitionTransaction cut = new PartitionTransaction(connection, query, 3, storedIds);
            cut.stage(events(0, 10));
            // Closed before commit, as when the executor dies.
        }
        assertThat(EventsTable.count(p)).isZero();
        try (Connection connection = TestPostgres.get().connect()) {
            assertThat(new PartitionTransaction(connection, query, 3, storedIds).alreadyLoaded(List.of("a.csv"))).isEmpty();
        }
    }

    @Test
    void concurrentPartitionsSharingIdsStoreEachOnce() throws Exception {
        List<UserEvent> first = events(0, 2000);
        List<UserEvent> second = new ArrayList<>(events(1000, 2000));
        Collections.reverse(second);
        CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> loadUnchecked(4, "a.csv", first));
        CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> loadUnchecked(4, "b.csv", second));
        assertThat(a.get() + b.get()).isEqualTo(3000);
        assertThat(EventsTable.count(p)).isEqualTo(3000);
    }

    @Test
    void aRowAnotherPartitionStoresMeanwhileIsSkippedNotFailed() throws Exception {
        try (Connection racer = TestPostgres.get().connect(); Connection connection = TestPostgres.get().connect()) {
            // Another partition has stored id 50, not yet committed: invisible to this one's lookup.
            racer.setAutoCommit(false);
            try (Statement insert = racer.createStatement()) {
                insert.execute("INSERT INTO user_events (event_id, user_id, event_type, product_id, price,"
                        + " event_timestamp, received_at) VALUES ('" + p + "50', 'u', 'view', 'p', 1, now(), now())");
            }
            PartitionTransaction partition = new PartitionTransaction(connection, query, 9, storedIds);
            partition.stage(events(0, 100));
            List<UserEvent> archived = new ArrayList<>();
            CompletableFuture<Long> commit = CompletableFuture.supplyAsync(() -> {
                try {
                    return partition.commit(List.of(new PartitionTransaction.LoadedFile("a.csv", 100, 0)), "part-1",
                            archived::addAll);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The COPY waits for the other transaction's id 50, then collides with it once it commits.
            await().atMost(Duration.ofSeconds(60)).until(() -> waitingForALock(racer));
            racer.commit();
            assertThat(commit.get()).isEqualTo(99);
            // The archive gets the rows this partition stored: not the one the other partition did.
            assertThat(archived).hasSize(99).extracting(UserEvent::eventId).doesNotContain(p + "50");
        }
        assertThat(EventsTable.count(p)).isEqualTo(100);
    }

    private static boolean waitingForALock(Connection connection) throws SQLException {
        try (Statement select = connection.createStatement();
                ResultSet result = select.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
            result.next();
            return result.getLong(1) > 0;
        }
    }

    @Test
    void theLedgerKnowsWhichBatchesAreLoaded() throws Exception {
        ledger.recordLoaded(query, 5, 10, 9);
        ledger.recordLoaded(query, 5, 10, 9);
        assertThat(ledger.isLoaded(query, 5)).isTrue();
        assertThat(ledger.isLoaded(query, 6)).isFalse();
        assertThat(ledger.isLoaded(UUID.randomUUID(), 5)).isFalse();
    }

    private long load(long batchId, String file, List<UserEvent> events) throws Exception {
        return load(batchId, file, events, storedIds);
    }

    private long load(long batchId, String file, List<UserEvent> events, RecentlyStoredIds known) throws Exception {
        try (Connection connection = TestPostgres.get().connect()) {
            PartitionTransaction transaction = new PartitionTransaction(connection, query, batchId, known);
            transaction.stage(events);
            return transaction.commit(List.of(new PartitionTransaction.LoadedFile(file, events.size(), 0)), null, null);
        }
    }

    private long loadUnchecked(long batchId, String file, List<UserEvent> events) {
        try {
            return load(batchId, file, events);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<UserEvent> events(int from, int count) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return IntStream.range(from, from + count).mapToObj(i -> new UserEvent(p + i, "u", EventType.VIEW, "p",
                new BigDecimal("1.00"), now, now)).toList();
    }

    private static List<UserEvent> concat(List<UserEvent> a, List<UserEvent> b) {
        List<UserEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

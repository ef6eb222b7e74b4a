package dev.pipeline.stream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import dev.pipeline.stream.EventsTable;
import dev.pipeline.stream.RawFolder;
import dev.pipeline.stream.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The transaction that makes a batch count once, against a real PostgreSQL (no Spark needed). */
class BatchCommitterTest {

    private final String p = RawFolder.uniquePrefix();
    private final UUID query = UUID.randomUUID();
    private BatchCommitter committer;

    @BeforeEach
    void connect() throws SQLException {
        TestPostgres postgres = TestPostgres.get();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.url());
        dataSource.setUser(postgres.user());
        dataSource.setPassword(postgres.password());
        committer = new BatchCommitter(dataSource);
        committer.prepare();
    }

    @Test
    void aBatchIsDedupedWithinItselfAndAgainstTheTable() throws Exception {
        stage(events(0, 10));
        stage(events(5, 10));                     // 5..9 twice within the batch
        assertThat(committer.commit(query, 1, 20)).isEqualTo(15);

        committer.prepare();
        stage(events(10, 10));                    // 10..14 already stored
        assertThat(committer.commit(query, 2, 10)).isEqualTo(5);
        assertThat(EventsTable.ids(p)).hasSize(20);
    }

    @Test
    void aReplayedBatchIsRecognisedAndCannotCommitTwice() throws Exception {
        stage(events(0, 10));
        committer.commit(query, 7, 10);
        assertThat(committer.isCommitted(query, 7)).isTrue();
        assertThat(committer.isCommitted(query, 8)).isFalse();
        assertThat(committer.isCommitted(UUID.randomUUID(), 7)).isFalse();

        // Even if a replay got past the check, the batch's record refuses a second commit, and its rows go with it.
        committer.prepare();
        stage(events(0, 10));
        stage(events(100, 3));
        assertThatThrownBy(() -> committer.commit(query, 7, 13)).isInstanceOf(SQLException.class);
        assertThat(EventsTable.count(p)).isEqualTo(10);
    }

    @Test
    void prepareEmptiesWhatAFailedAttemptStaged() throws Exception {
        stage(events(0, 10));
        committer.prepare();
        stage(events(0, 2));
        assertThat(committer.commit(query, 1, 2)).isEqualTo(2);
        assertThat(EventsTable.count(p)).isEqualTo(2);
    }

    private void stage(List<UserEvent> events) throws Exception {
        try (Connection connection = TestPostgres.get().connect()) {
            connection.setAutoCommit(false);
            try (StagingTable staging = new StagingTable(connection)) {
                staging.add(events);
            }
            connection.commit();
        }
    }

    private List<UserEvent> events(int from, int count) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return IntStream.range(from, from + count).mapToObj(i -> new UserEvent(p + i, "u", EventType.VIEW, "p",
                new BigDecimal("1.00"), now, now)).toList();
    }
}

package dev.pipeline.stream.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The driver's side of a micro-batch in PostgreSQL: empties the staging table before the executors
 * fill it, then moves its rows into {@code user_events} in one transaction that also records the
 * batch as done. Dedup happens twice in that statement: {@code DISTINCT ON} within the batch,
 * {@code ON CONFLICT DO NOTHING} against what is already stored.
 */
public final class BatchCommitter {

    /** Batches remembered per query; a replay only ever concerns the last one. */
    private static final long BATCHES_KEPT = 1000;

    private static final String MOVE = "INSERT INTO user_events"
            + " (event_id, user_id, event_type, product_id, price, event_timestamp, received_at)"
            + " SELECT DISTINCT ON (event_id) event_id, user_id, event_type, product_id, price, event_timestamp, received_at"
            + " FROM " + StagingTable.TABLE
            // Earliest arrival wins; event_id order also keeps the unique index's inserts local.
            + " ORDER BY event_id, received_at"
            + " ON CONFLICT (event_id) DO NOTHING";

    private final DataSource dataSource;

    public BatchCommitter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the schema when missing, and empties staging of an earlier, failed attempt. */
    public void prepare() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            SchemaSetup.ensure(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE " + StagingTable.TABLE);
            }
        }
    }

    public boolean isCommitted(UUID queryId, long batchId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT 1 FROM stream_batches WHERE query_id = ? AND batch_id = ?")) {
            select.setObject(1, queryId);
            select.setLong(2, batchId);
            try (ResultSet result = select.executeQuery()) {
                return result.next();
            }
        }
    }

    /** Moves the staged rows into {@code user_events}; returns how many were new. */
    public long commit(UUID queryId, long batchId, long rowsStaged) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long inserted;
                try (Statement statement = connection.createStatement()) {
                    inserted = statement.executeLargeUpdate(MOVE);
                    statement.execute("TRUNCATE " + StagingTable.TABLE);
                }
                try (PreparedStatement done = connection.prepareStatement(
                        "INSERT INTO stream_batches (query_id, batch_id, rows_staged, rows_inserted) VALUES (?, ?, ?, ?)");
                        PreparedStatement forget = connection.prepareStatement(
                                "DELETE FROM stream_batches WHERE query_id = ? AND batch_id < ?")) {
                    done.setObject(1, queryId);
                    done.setLong(2, batchId);
                    done.setLong(3, rowsStaged);
                    done.setLong(4, inserted);
                    done.executeUpdate();
                    forget.setObject(1, queryId);
                    forget.setLong(2, batchId - BATCHES_KEPT);
                    forget.executeUpdate();
                }
                connection.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
        }
    }
}

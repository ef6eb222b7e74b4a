package dev.pipeline.stream.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The driver's bookkeeping of micro-batches in PostgreSQL: the schema, and which batches are fully
 * loaded ({@code stream_batches}), so that a batch Spark replays after a crash is skipped whole.
 */
public final class BatchLedger {

    /** Batches (and their file records) remembered per query; a replay only ever concerns the last one. */
    private static final long BATCHES_KEPT = 1000;

    private final DataSource dataSource;

    public BatchLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the schema when a table is missing. */
    public void ensureSchema() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            SchemaSetup.ensure(connection);
        }
    }

    public boolean isLoaded(UUID queryId, long batchId) throws SQLException {
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

    /** The archive parts the partitions of a batch staged and committed ({@code stream_files.archive_part}). */
    public Set<String> archiveParts(UUID queryId, long batchId) throws SQLException {
        return strings("SELECT DISTINCT archive_part FROM stream_files WHERE query_id = ? AND batch_id = ?"
                + " AND archive_part IS NOT NULL", select -> {
                    select.setObject(1, queryId);
                    select.setLong(2, batchId);
                });
    }

    /** Of the given archive parts, those whose partition committed. */
    public Set<String> committedParts(Collection<String> parts) throws SQLException {
        return strings("SELECT DISTINCT archive_part FROM stream_files WHERE archive_part = ANY (?)",
                select -> select.setArray(1, select.getConnection().createArrayOf("text", parts.toArray())));
    }

    /** Of the given names of files in {@code raw/}, those whose rows a batch of the query committed. */
    public Set<String> loadedFiles(UUID queryId, Collection<String> fileNames) throws SQLException {
        return strings("SELECT DISTINCT file_name FROM stream_files WHERE query_id = ? AND file_name = ANY (?)",
                select -> {
                    select.setObject(1, queryId);
                    select.setArray(2, select.getConnection().createArrayOf("text", fileNames.toArray()));
                });
    }

    private interface Parameters {
        void set(PreparedStatement select) throws SQLException;
    }

    private Set<String> strings(String sql, Parameters parameters) throws SQLException {
        Set<String> found = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            parameters.set(select);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    found.add(result.getString(1));
                }
            }
        }
        return found;
    }

    /**
     * Forgets every batch and file record of a query that will never run again (its checkpoint was
     * replaced by a fresh one, which gives the query a new id).
     */
    public void forget(UUID queryId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement files = connection.prepareStatement("DELETE FROM stream_files WHERE query_id = ?");
                PreparedStatement batches = connection.prepareStatement("DELETE FROM stream_batches WHERE query_id = ?")) {
            for (PreparedStatement forget : new PreparedStatement[] {files, batches}) {
                forget.setObject(1, queryId);
                forget.executeUpdate();
            }
        }
    }

    /** Records a batch whose partitions all committed, and forgets batches long past. */
    public void recordLoaded(UUID queryId, long batchId, long rowsStaged, long rowsInserted) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement done = connection.prepareStatement("INSERT INTO stream_batches"
                    + " (query_id, batch_id, rows_staged, rows_inserted) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
                    PreparedStatement forgetBatches = connection.prepareStatement(
                            "DELETE FROM stream_batches WHERE query_id = ? AND batch_id < ?");
                    PreparedStatement forgetFiles = connection.prepareStatement(
                            "DELETE FROM stream_files WHERE query_id = ? AND batch_id < ?")) {
                done.setObject(1, queryId);
                done.setLong(2, batchId);
                done.setLong(3, rowsStaged);
                done.setLong(4, rowsInserted);
                done.executeUpdate();
                for (PreparedStatement forget : new PreparedStatement[] {forgetBatches, forgetFiles}) {
                    forget.setObject(1, queryId);
                    forget.setLong(2, batchId - BATCHES_KEPT);
                    forget.executeUpdate();
                }
                connection.commit();
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

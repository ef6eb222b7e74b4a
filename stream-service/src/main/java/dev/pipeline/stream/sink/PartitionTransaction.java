package dev.pipeline.stream.sink;

import dev.pipeline.model.UserEvent;
import dev.pipeline.model.csv.EventCsv;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * One partition's files into {@code user_events}, in one transaction: valid rows are COPYed into a
 * temporary table, moved into {@code user_events} with {@code ON CONFLICT (event_id) DO NOTHING}
 * (duplicates within the partition and against the table are dropped), and the files are recorded
 * in {@code stream_files}. A file recorded for this batch is never loaded again, so a batch Spark
 * runs twice counts every row once. Partitions of a batch run in parallel, each on its own
 * connection: PostgreSQL maintains the indexes on as many cores as Spark has tasks.
 */
public final class PartitionTransaction implements AutoCloseable {

    private static final String ROWS = "batch_rows";
    private static final String COLUMNS = "event_id, user_id, event_type, product_id, price, event_timestamp, received_at";
    /**
     * Inserting in event_id order makes two partitions that share ids take their locks in the same
     * order (no deadlock) and keeps the unique index's inserts close together.
     */
    private static final String MOVE = "INSERT INTO user_events (" + COLUMNS + ") SELECT " + COLUMNS + " FROM " + ROWS
            + " ORDER BY event_id, received_at ON CONFLICT (event_id) DO NOTHING";
    private static final int COPY_BUFFER_BYTES = 1 << 16;

    private final Connection connection;
    private final UUID queryId;
    private final long batchId;
    /** Opened with the first rows: while a COPY runs, the connection takes no other statement. */
    private PGCopyOutputStream copy;
    private long rowsStaged;

    public PartitionTransaction(Connection connection, UUID queryId, long batchId) throws SQLException {
        this.connection = connection;
        this.queryId = queryId;
        this.batchId = batchId;
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // Sorting a partition for MOVE in memory, not in temporary files.
            statement.execute("SET LOCAL work_mem = '128MB'");
            // Same types as user_events, so a value PostgreSQL would refuse fails here, before the move.
            statement.execute("CREATE TEMPORARY TABLE " + ROWS + " (event_id VARCHAR(64) NOT NULL,"
                    + " user_id VARCHAR(64) NOT NULL, event_type VARCHAR(16) NOT NULL, product_id VARCHAR(64) NOT NULL,"
                    + " price NUMERIC(10,2) NOT NULL, event_timestamp TIMESTAMPTZ NOT NULL,"
                    + " received_at TIMESTAMPTZ NOT NULL) ON COMMIT DROP");
        }
    }

    /** Of the given files, those this batch has loaded already (in an earlier run of it). */
    public Set<String> alreadyLoaded(List<String> fileNames) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT file_name FROM stream_files WHERE query_id = ? AND batch_id = ? AND file_name = ANY (?)")) {
            Array names = connection.createArrayOf("text", fileNames.toArray());
            select.setObject(1, queryId);
            select.setLong(2, batchId);
            select.setArray(3, names);
            Set<String> loaded = new HashSet<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    loaded.add(result.getString(1));
                }
            }
            return loaded;
        }
    }

    /** Streams the valid rows of one file into the temporary table, in the contract's CSV form. */
    public void stage(Collection<UserEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        if (copy == null) {
            copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class),
                    "COPY " + ROWS + " (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)", COPY_BUFFER_BYTES);
        }
        EventCsv.write(events, new KeepOpen(copy));
        rowsStaged += events.size();
    }

    public long rowsStaged() {
        return rowsStaged;
    }

    /**
     * Moves the staged rows into {@code user_events}, records the files and commits.
     *
     * @return how many rows were new to {@code user_events}
     */
    public long commit(List<LoadedFile> files) throws SQLException, IOException {
        long inserted = 0;
        if (copy != null) {
            copy.close();
            try (Statement statement = connection.createStatement()) {
                inserted = statement.executeLargeUpdate(MOVE);
            }
        }
        try (PreparedStatement record = connection.prepareStatement("INSERT INTO stream_files"
                + " (query_id, batch_id, file_name, rows_staged, rows_quarantined) VALUES (?, ?, ?, ?, ?)")) {
            for (LoadedFile file : files) {
                record.setObject(1, queryId);
                record.setLong(2, batchId);
                record.setString(3, file.name());
                record.setLong(4, file.rowsStaged());
                record.setLong(5, file.rowsQuarantined());
                record.addBatch();
            }
            record.executeBatch();
        }
        connection.commit();
        return inserted;
    }

    /** Ends the COPY if it is still open; without a commit, closing the connection rolls everything back. */
    @Override
    public void close() throws IOException {
        if (copy != null) {
            copy.close();
        }
    }

    /** What one file gave. */
    public record LoadedFile(String name, long rowsStaged, long rowsQuarantined) {
    }

    /** {@link EventCsv#write} closes its stream when done; the COPY stream must outlive each file. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}

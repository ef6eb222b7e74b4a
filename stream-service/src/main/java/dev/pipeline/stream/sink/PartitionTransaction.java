package dev.pipeline.stream.sink;

import dev.pipeline.model.UserEvent;
import dev.pipeline.model.csv.EventCsv;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * One partition's files into {@code user_events}, in one transaction that also records the files in
 * {@code stream_files}: a file recorded for this batch is never loaded again, so a batch Spark runs
 * twice counts every row once. Partitions of a batch run in parallel, each on its own connection.
 *
 * <p>The rows go in by COPY straight into {@code user_events}, the fastest way in, once duplicates
 * are out of the way: duplicates within the partition are dropped here (the earliest received
 * wins), and ids that {@link RecentlyStoredIds} says may be stored are looked up and dropped. A row
 * whose id is stored all the same (by another partition at the same moment, by another JVM, before
 * a restart) collides in the COPY; then the transaction, which has only read before its COPY, is
 * rolled back and the rows go through a temporary table and
 * {@code INSERT … ON CONFLICT (event_id) DO NOTHING} instead.
 * Rows are sent in {@code event_id} order, so partitions sharing ids take their locks in the same
 * order and do not deadlock.
 */
public final class PartitionTransaction {

    private static final String COLUMNS = "event_id, user_id, event_type, product_id, price, event_timestamp, received_at";
    private static final String ROWS = "batch_rows";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DEADLOCK = "40P01";
    private static final int LOOKUP_CHUNK = 10_000;
    private static final int COPY_BUFFER_BYTES = 1 << 16;

    private final Connection connection;
    private final UUID queryId;
    private final long batchId;
    private final RecentlyStoredIds storedIds;
    /** In file order: rows arrive nearly sorted by time-ordered ids, which the sort before COPY then finds cheap. */
    private final Map<String, UserEvent> rows = new LinkedHashMap<>();
    private long rowsStaged;
    private long lookupNanos;
    private long copyNanos;

    public PartitionTransaction(Connection connection, UUID queryId, long batchId, RecentlyStoredIds storedIds)
            throws SQLException {
        this.connection = connection;
        this.queryId = queryId;
        this.batchId = batchId;
        this.storedIds = storedIds;
        connection.setAutoCommit(false);
    }

    /** Of the given files, those this batch has loaded already (in an earlier run of it). */
    public Set<String> alreadyLoaded(List<String> fileNames) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT file_name FROM stream_files WHERE query_id = ? AND batch_id = ? AND file_name = ANY (?)")) {
            select.setObject(1, queryId);
            select.setLong(2, batchId);
            select.setArray(3, connection.createArrayOf("text", fileNames.toArray()));
            Set<String> loaded = new HashSet<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    loaded.add(result.getString(1));
                }
            }
            return loaded;
        }
    }

    /** Takes the valid rows of one file; of rows sharing an id, the earliest received is kept. */
    public void stage(List<UserEvent> events) {
        for (UserEvent event : events) {
            rows.merge(event.eventId(), event, (kept, other) ->
                    other.receivedAt().isBefore(kept.receivedAt()) ? other : kept);
        }
        rowsStaged += events.size();
    }

    public long rowsStaged() {
        return rowsStaged;
    }

    /** How long {@link #commit} spent dropping stored ids and sorting, and storing the rows (for the log). */
    public String timings() {
        return String.format("lookup+sort %d ms, copy %d ms", lookupNanos / 1_000_000, copyNanos / 1_000_000);
    }

    /**
     * Stores the staged rows, hands the rows that were new to {@code archive} (when there is one and
     * there are such rows), records the files, and commits. The archive is written before the commit,
     * under {@code archivePart}, which the commit records with the files: a part recorded in
     * {@code stream_files} is one whose rows are in {@code user_events}.
     *
     * @return how many rows were new to {@code user_events}
     */
    public long commit(List<LoadedFile> files, String archivePart, StoredRows archive) throws SQLException, IOException {
        long start = System.nanoTime();
        List<UserEvent> fresh = withoutStoredIds(new ArrayList<>(rows.values()));
        fresh.sort(Comparator.comparing(UserEvent::eventId));
        long looked = System.nanoTime();
        List<UserEvent> inserted = fresh.isEmpty() ? List.of() : store(fresh);
        lookupNanos = looked - start;
        copyNanos = System.nanoTime() - looked;
        boolean archived = archive != null && !inserted.isEmpty();
        if (archived) {
            archive.write(inserted);
        }
        // committed_at is the clock at the last statement before COMMIT, not now() (the transaction's
        // start, before the COPY): received_at to committed_at is an event's true latency.
        try (PreparedStatement record = connection.prepareStatement("INSERT INTO stream_files (query_id, batch_id,"
                + " file_name, rows_staged, rows_quarantined, archive_part, committed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, clock_timestamp())")) {
            for (LoadedFile file : files) {
                record.setObject(1, queryId);
                record.setLong(2, batchId);
                record.setString(3, file.name());
                record.setLong(4, file.rowsStaged());
                record.setLong(5, file.rowsQuarantined());
                record.setString(6, archived ? archivePart : null);
                record.addBatch();
            }
            record.executeBatch();
        }
        connection.commit();
        storedIds.add(fresh.stream().map(UserEvent::eventId).toList());
        return inserted.size();
    }

    /** Where the rows a partition stored go besides {@code user_events}: the archive's staging. */
    @FunctionalInterface
    public interface StoredRows {
        void write(List<UserEvent> rows) throws IOException;
    }

    private List<UserEvent> withoutStoredIds(List<UserEvent> events) throws SQLException {
        List<String> candidates = storedIds.mayBeStored(rows.keySet());
        if (candidates.isEmpty()) {
            return events;
        }
        Set<String> stored = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT event_id FROM user_events WHERE event_id = ANY (?)")) {
            for (int from = 0; from < candidates.size(); from += LOOKUP_CHUNK) {
                List<String> chunk = candidates.subList(from, Math.min(candidates.size(), from + LOOKUP_CHUNK));
                Array ids = connection.createArrayOf("varchar", chunk.toArray());
                select.setArray(1, ids);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        stored.add(result.getString(1));
                    }
                }
            }
        }
        if (stored.isEmpty()) {
            return events;
        }
        return new ArrayList<>(events.stream().filter(event -> !stored.contains(event.eventId())).toList());
    }

    /**
     * @return the rows that were new (all of them, unless another writer stored some meanwhile)
     *
     * <p>A collision aborts the transaction, which has only read so far: it is rolled back whole. A
     * savepoint before the COPY would undo no more than that, and cost every partition a
     * subtransaction.
     */
    private List<UserEvent> store(List<UserEvent> fresh) throws SQLException, IOException {
        try {
            copy("user_events", fresh);
            return fresh;
        } catch (SQLException | IOException | UncheckedIOException e) {
            // EventCsv.write reports the failed COPY as an UncheckedIOException around PostgreSQL's error.
            if (!isCollision(e)) {
                throw e;
            }
            connection.rollback();
            return storeSkippingCollisions(fresh);
        }
    }

    /** The slower path for the rare partition racing another with the same ids. */
    private List<UserEvent> storeSkippingCollisions(List<UserEvent> fresh) throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE " + ROWS + " (event_id VARCHAR(64) NOT NULL,"
                    + " user_id VARCHAR(64) NOT NULL, event_type VARCHAR(16) NOT NULL, product_id VARCHAR(64) NOT NULL,"
                    + " price NUMERIC(10,2) NOT NULL, event_timestamp TIMESTAMPTZ NOT NULL,"
                    + " received_at TIMESTAMPTZ NOT NULL) ON COMMIT DROP");
        }
        copy(ROWS, fresh);
        Set<String> inserted = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("INSERT INTO user_events (" + COLUMNS + ") SELECT " + COLUMNS
                        + " FROM " + ROWS + " ORDER BY event_id ON CONFLICT (event_id) DO NOTHING RETURNING event_id")) {
            while (result.next()) {
                inserted.add(result.getString(1));
            }
        }
        return fresh.stream().filter(event -> inserted.contains(event.eventId())).toList();
    }

    private void copy(String table, List<UserEvent> events) throws SQLException, IOException {
        try (OutputStream copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class),
                "COPY " + table + " (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)", COPY_BUFFER_BYTES)) {
            EventCsv.write(events, copy);
        }
    }

    private static boolean isCollision(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && (UNIQUE_VIOLATION.equals(sql.getSQLState()) || DEADLOCK.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** What one file gave. */
    public record LoadedFile(String name, long rowsStaged, long rowsQuarantined) {
    }
}

package dev.pipeline.stream.sink;

import dev.pipeline.model.UserEvent;
import dev.pipeline.model.csv.EventCsv;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * COPY of valid events into {@code user_events_staging}, the unlogged table a micro-batch fills
 * before one transaction moves it into {@code user_events}. COPY, not INSERTs: it is the fastest way
 * into PostgreSQL, and the rows go in the contract's own CSV form.
 */
public final class StagingTable implements AutoCloseable {

    static final String TABLE = "user_events_staging";
    private static final String COPY = "COPY " + TABLE
            + " (event_id, user_id, event_type, product_id, price, event_timestamp, received_at)"
            + " FROM STDIN WITH (FORMAT csv)";
    private static final int BUFFER_BYTES = 1 << 16;

    private final OutputStream copy;
    private long rows;

    public StagingTable(Connection connection) throws SQLException {
        this.copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class), COPY, BUFFER_BYTES);
    }

    public void add(Collection<UserEvent> events) {
        EventCsv.write(events, new KeepOpen(copy));
        rows += events.size();
    }

    public long rows() {
        return rows;
    }

    /** Ends the COPY; the caller commits. */
    @Override
    public void close() throws IOException {
        copy.close();
    }

    /** {@link EventCsv#write} closes its stream when done; the COPY stream must outlive each file. */
    private static final class KeepOpen extends java.io.FilterOutputStream {
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

package dev.pipeline.stream.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections partitions load with, kept open between micro-batches in the executor's JVM.
 *
 * <p>Why: a connection per partition per batch made PostgreSQL start a backend (a process, its
 * catalog caches, the table's and its indexes' metadata) for every partition of every batch; at four
 * batches a second that was a good part of PostgreSQL's CPU per event. A connection is kept only
 * after its partition committed; one whose partition failed is closed, and a kept one is checked
 * before it is used again (PostgreSQL may have restarted meanwhile).
 */
public final class ExecutorConnections {

    /** Two task slots per executor here; a few more for executors with more cores. */
    private static final int IDLE_PER_DATABASE = 8;
    private static final int VALID_TIMEOUT_SECONDS = 2;
    private static final Map<JdbcTarget, Deque<Connection>> IDLE = new ConcurrentHashMap<>();

    private ExecutorConnections() {
    }

    /** A checked idle connection to {@code database}, or a new one. */
    public static Lease borrow(JdbcTarget database) throws SQLException {
        Deque<Connection> idle = IDLE.computeIfAbsent(database, key -> new ArrayDeque<>());
        while (true) {
            Connection connection;
            synchronized (idle) {
                connection = idle.pollFirst();
            }
            if (connection == null) {
                return new Lease(database, database.connect());
            }
            if (connection.isValid(VALID_TIMEOUT_SECONDS)) {
                return new Lease(database, connection);
            }
            closeQuietly(connection);
        }
    }

    /** Closes the idle connections to every database (the service's stop; tests). */
    public static void closeIdle() {
        IDLE.values().forEach(idle -> {
            synchronized (idle) {
                idle.forEach(ExecutorConnections::closeQuietly);
                idle.clear();
            }
        });
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // it was broken anyway
        }
    }

    /** One partition's use of a connection: closed when done unless {@link #keep() kept}. */
    public static final class Lease implements AutoCloseable {

        private final JdbcTarget database;
        private final Connection connection;
        private boolean keep;

        private Lease(JdbcTarget database, Connection connection) {
            this.database = database;
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        /** The partition committed: the connection is clean and goes back for the next partition. */
        public void keep() {
            keep = true;
        }

        @Override
        public void close() {
            if (keep) {
                Deque<Connection> idle = IDLE.get(database);
                synchronized (idle) {
                    if (idle.size() < IDLE_PER_DATABASE) {
                        idle.addFirst(connection);
                        return;
                    }
                }
            }
            closeQuietly(connection);
        }
    }
}

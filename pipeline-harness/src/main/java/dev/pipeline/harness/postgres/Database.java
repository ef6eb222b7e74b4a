package dev.pipeline.harness.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The PostgreSQL a run writes to: the one in {@code PIPELINE_JDBC_URL}, or an embedded one the launcher owns. */
public interface Database extends AutoCloseable {

    String jdbcUrl();

    String user();

    /** Empty when there is none. */
    String password();

    /** For the start-up line, e.g. "embedded PostgreSQL 15, data in data/postgres". */
    String description();

    default Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password().isEmpty() ? null : password());
    }

    /** Stops the server if the launcher started it; an external one is left running. */
    @Override
    void close();
}

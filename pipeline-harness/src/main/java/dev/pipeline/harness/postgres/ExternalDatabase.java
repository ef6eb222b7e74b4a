package dev.pipeline.harness.postgres;

import dev.pipeline.harness.StartupException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A PostgreSQL someone else runs, from {@code PIPELINE_JDBC_URL}, {@code PIPELINE_JDBC_USER}, {@code PIPELINE_JDBC_PASSWORD}. */
public record ExternalDatabase(String jdbcUrl, String user, String password) implements Database {

    private static final int LOGIN_TIMEOUT_SECONDS = 5;

    /** Connects once, so that a wrong URL or a server that is down is said before anything starts. */
    public static ExternalDatabase reach(String url, String user, String password) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StartupException("PIPELINE_JDBC_URL must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://localhost:5432/ecommerce_events, not " + url);
        }
        ExternalDatabase database = new ExternalDatabase(url, user, password);
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        try (Connection connection = database.connect()) {
            connection.isValid(LOGIN_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            throw new StartupException("cannot reach PostgreSQL at " + url + " as user " + user + ": " + e.getMessage()
                    + "\n  Start that server, fix PIPELINE_JDBC_URL / PIPELINE_JDBC_USER / PIPELINE_JDBC_PASSWORD,"
                    + " or unset PIPELINE_JDBC_URL to run an embedded PostgreSQL.", e);
        }
        return database;
    }

    @Override
    public String description() {
        return "external " + jdbcUrl + " (PIPELINE_JDBC_URL)";
    }

    @Override
    public void close() {
        // not ours to stop
    }
}

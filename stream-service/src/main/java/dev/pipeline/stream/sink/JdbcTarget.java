package dev.pipeline.stream.sink;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where executors connect: plain values, because executor code is serialized and must not capture
 * the driver's connection pool or configuration beans.
 */
public record JdbcTarget(String url, String user, String password) implements Serializable {

    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // A dead server must fail the task quickly, so the batch can back off and retry.
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "stream-service");
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public String toString() {
        return "JdbcTarget[" + url + ", user=" + user + "]";
    }
}

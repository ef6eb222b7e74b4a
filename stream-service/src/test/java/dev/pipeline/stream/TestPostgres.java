package dev.pipeline.stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PostgreSQL the tests write to: an embedded server (real binaries from Maven Central) owned by
 * the test JVM, or the server in {@code PIPELINE_TEST_JDBC_URL} (with {@code PIPELINE_TEST_JDBC_USER},
 * {@code PIPELINE_TEST_JDBC_PASSWORD}). Only an owned server can be stopped and started again.
 */
public final class TestPostgres {

    private static TestPostgres instance;

    private final String url;
    private final String user;
    private final String password;
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private TestPostgres(String url, String user, String password, Path dataDir, int port, EmbeddedPostgres server) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dataDir = dataDir;
        this.port = port;
        this.server = server;
    }

    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static TestPostgres create() {
        String external = System.getenv("PIPELINE_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            return new TestPostgres(external, System.getenv().getOrDefault("PIPELINE_TEST_JDBC_USER", "postgres"),
                    System.getenv("PIPELINE_TEST_JDBC_PASSWORD"), null, -1, null);
        }
        try {
            Path dataDir = Files.createTempDirectory("stream-test-pg-");
            EmbeddedPostgres server = embedded(dataDir, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::closeQuietly));
            return new TestPostgres("jdbc:postgresql://localhost:" + server.getPort() + "/postgres", "postgres", null,
                    dataDir, server.getPort(), server);
        } catch (IOException e) {
            throw new UncheckedIOException("starting the embedded PostgreSQL", e);
        }
    }

    private static EmbeddedPostgres embedded(Path dataDir, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false);
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean canStop() {
        return dataDir != null;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Stops the embedded server; its data stays for {@link #start()}. */
    public synchronized void stop() throws IOException {
        server.close();
        server = null;
    }

    /** Starts the embedded server again, on the same port and data. */
    public synchronized void start() throws IOException {
        server = embedded(dataDir, port);
    }

    private static synchronized void closeQuietly() {
        try {
            if (instance != null && instance.server != null) {
                instance.server.close();
            }
        } catch (IOException e) {
            // the JVM is going away
        }
    }
}

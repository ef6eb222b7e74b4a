package dev.pipeline.stream;

import dev.pipeline.harness.postgres.Database;
import dev.pipeline.harness.postgres.EmbeddedDatabase;
import dev.pipeline.harness.postgres.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL the tests write to, one per test JVM: the harness's {@link TestDatabase}, an
 * embedded server (real binaries from Maven Central) or the server in {@code PIPELINE_TEST_JDBC_URL}.
 * Only an embedded server can be stopped and started again (on the same port and data).
 */
public final class TestPostgres {

    private static TestPostgres instance;

    private final Path dir;
    private final int port;
    private final String url;
    private final String user;
    private final String password;
    private Database database;

    private TestPostgres(Path dir, int port, Database database) {
        this.dir = dir;
        this.port = port;
        this.database = database;
        this.url = database.jdbcUrl();
        this.user = database.user();
        this.password = database.password().isEmpty() ? null : database.password();
    }

    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static TestPostgres create() {
        try {
            Path dir = Files.createTempDirectory("stream-test-pg-");
            Database database = TestDatabase.embeddedOrExternal(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::closeQuietly));
            int port = database instanceof EmbeddedDatabase embedded ? embedded.port() : -1;
            return new TestPostgres(dir, port, database);
        } catch (IOException e) {
            throw new UncheckedIOException("starting the embedded PostgreSQL", e);
        }
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    /** Null when there is none. */
    public String password() {
        return password;
    }

    public boolean canStop() {
        return port > 0;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** A data source of this server, for code that takes one (the ledger). */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** Stops the embedded server; its data stays for {@link #start()}. */
    public synchronized void stop() {
        database.close();
        database = null;
    }

    /** Starts the embedded server again, on the same port and data. */
    public synchronized void start() {
        database = EmbeddedDatabase.start(dir.resolve("postgres"), port, dir.resolve("postgres.log"));
    }

    private static synchronized void closeQuietly() {
        if (instance != null && instance.database != null) {
            instance.database.close();
        }
    }
}

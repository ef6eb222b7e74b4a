package dev.pipeline.stream.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jboss.logging.Logger;

/** Runs {@code sql/postgres_setup.sql} (shipped inside the service) when one of its tables is missing. */
public final class SchemaSetup {

    private static final Logger LOG = Logger.getLogger(SchemaSetup.class);
    private static final String SCRIPT = "sql/postgres_setup.sql";
    private static final List<String> TABLES = List.of("user_events", "stream_files", "stream_batches");

    private SchemaSetup() {
    }

    /** @return whether the script ran */
    public static boolean ensure(Connection connection) throws SQLException {
        if (allTablesExist(connection)) {
            return false;
        }
        LOG.infof("Creating the schema from %s (a table of %s, or a column, is missing)", SCRIPT, TABLES);
        try (Statement statement = connection.createStatement()) {
            statement.execute(script());
        }
        return true;
    }

    private static boolean allTablesExist(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT to_regclass('user_events') IS NOT NULL"
                        + " AND to_regclass('stream_files') IS NOT NULL"
                        + " AND to_regclass('stream_batches') IS NOT NULL"
                        // Added with the Parquet archive: a database of an earlier version lacks it.
                        + " AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'stream_files'"
                        + " AND column_name = 'archive_part' AND table_schema = current_schema())")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    static String script() {
        try (InputStream in = SchemaSetup.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is not on the class path; the build copies it from sql/");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

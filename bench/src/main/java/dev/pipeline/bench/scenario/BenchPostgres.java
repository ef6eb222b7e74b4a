package dev.pipeline.bench.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The PostgreSQL the benchmarks load: a server that is already running (the libpq variables
 * {@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}; default 127.0.0.1:5432 as
 * postgres), in which each scenario creates fresh databases named {@code bench_*} and drops them at
 * its end ({@code BENCH_KEEP_DB=1} keeps them).
 */
public final class BenchPostgres implements AutoCloseable {

    private final String host;
    private final String port;
    private final String user;
    private final String password;
    private final Set<String> created = new LinkedHashSet<>();

    private BenchPostgres(String host, String port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** The server of PGHOST/PGPORT/PGUSER, checked to answer. */
    static BenchPostgres fromEnvironment() {
        Map<String, String> env = System.getenv();
        BenchPostgres postgres = new BenchPostgres(env.getOrDefault("PGHOST", "127.0.0.1"), env.getOrDefault("PGPORT", "5432"),
                env.getOrDefault("PGUSER", "postgres"), env.get("PGPASSWORD"));
        try (Connection connection = postgres.connect("postgres")) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new StartupException("PostgreSQL does not answer at " + postgres.host + ":" + postgres.port + " as "
                    + postgres.user + " (" + e.getMessage() + "); start it or set PGHOST/PGPORT/PGUSER/PGPASSWORD");
        }
        return postgres;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return user;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /**
     * Makes a database of this server the service's datasource ({@code QUARKUS_DATASOURCE_JDBC_URL},
     * {@code _USERNAME} and, when there is one, {@code _PASSWORD}).
     */
    public PackagedService datasourceOf(PackagedService service, String database) {
        return service.withDatasource(jdbcUrl(database), user, password);
    }

    /** A new empty database (dropped first if an earlier run left it), dropped again at the end of the run. */
    public void freshDatabase(String database) throws SQLException {
        if (!database.matches("bench_[a-z0-9_]+")) {
            throw new IllegalArgumentException("refusing to drop a database not named bench_*: " + database);
        }
        execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)", "CREATE DATABASE " + database);
        created.add(database);
    }

    /** Drops one database of this run now (unless BENCH_KEEP_DB=1). */
    public void drop(String database) throws SQLException {
        if (!keep()) {
            execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        created.remove(database);
    }

    /** {@link #freshDatabase(String)} with a schema SQL file (e.g. sql/postgres_setup.sql) run in it, as one script. */
    public void freshDatabase(String database, Path schema) throws SQLException, IOException {
        freshDatabase(database);
        execute(database, Files.readString(schema, StandardCharsets.UTF_8));
    }

    /** Each statement in turn, in autocommit (VACUUM and CREATE DATABASE need it). */
    public void execute(String database, String... statements) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The first column of the first row, as text (null for SQL NULL). */
    public String text(String database, String query) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            return result.next() ? result.getString(1) : null;
        }
    }

    /** The first column of the first row, as a number (0 for SQL NULL). */
    public long number(String database, String query) throws SQLException {
        String value = text(database, query);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Every row's first column, as text. */
    public List<String> column(String database, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }

    /** A server setting, e.g. {@code server_version}; "unknown" when it cannot be read. */
    public String setting(String name) {
        try {
            return text("postgres", "SHOW " + name);
        } catch (SQLException e) {
            return "unknown";
        }
    }

    /**
     * The pid of the server's main process when it runs on this machine (the first line of its data
     * directory's {@code postmaster.pid}, if readable); its backends are its children.
     */
    public OptionalLong serverPid() {
        try {
            Path pidFile = Path.of(text("postgres", "SHOW data_directory"), "postmaster.pid");
            long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).trim());
            String comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm"), StandardCharsets.US_ASCII).trim();
            return comm.equals("postgres") || comm.equals("postmaster") ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (SQLException | IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The indexes of {@code user_events}: {@code [{index, definition, mb}]}, by name. */
    public ArrayNode indexes(String database) throws SQLException {
        ArrayNode indexes = BenchRun.JSON.createArrayNode();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("""
                        SELECT c.relname, regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', ''),
                               round(pg_relation_size(i.indexrelid) / 1048576.0, 1)
                        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        WHERE i.indrelid = 'user_events'::regclass ORDER BY c.relname""")) {
            while (result.next()) {
                ObjectNode index = indexes.addObject();
                index.put("index", result.getString(1));
                index.put("definition", result.getString(2));
                index.put("mb", result.getBigDecimal(3));
            }
        }
        return indexes;
    }

    /** {@code round(<size function>('user_events') / 1048576.0, 1)}, e.g. {@code pg_table_size}: the table's or its indexes' MB. */
    public double tableMb(String database, String sizeFunction) throws SQLException {
        return Double.parseDouble(text(database, "SELECT round(" + sizeFunction + "('user_events') / 1048576.0, 1)"));
    }

    /**
     * {@code psql} on a database of this server, as a command line with its environment: the
     * reference loader ({@code \copy}) the sink is measured against. Installs psql when missing.
     */
    public List<String> psql(String database, String... arguments) throws InterruptedException {
        Tools.need("psql");
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port,
                "-U", user, "-d", database));
        command.addAll(List.of(arguments));
        return command;
    }

    private static boolean keep() {
        return "1".equals(System.getenv("BENCH_KEEP_DB"));
    }

    /** Drops the databases this run created (unless BENCH_KEEP_DB=1). */
    @Override
    public void close() throws SQLException {
        for (String database : List.copyOf(created)) {
            drop(database);
        }
    }
}

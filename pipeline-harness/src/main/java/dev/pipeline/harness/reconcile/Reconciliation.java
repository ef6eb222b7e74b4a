package dev.pipeline.harness.reconcile;

import dev.pipeline.harness.postgres.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Checks a run event id by event id, in PostgreSQL: the generators' acknowledged ids
 * ({@code data/run/acked-ids-*.txt}) and the quarantine's ids are copied into temporary tables and
 * joined with {@code user_events}, so that the counts are about the very events acknowledged, not
 * counters that could agree by accident, and a run of millions of events needs no memory here.
 */
public final class Reconciliation implements AutoCloseable {

    private static final String COUNTS = """
            WITH ids AS (
                SELECT event_id, count(*) AS times FROM acked GROUP BY event_id
            ), found AS (
                SELECT times,
                       EXISTS (SELECT 1 FROM user_events u WHERE u.event_id = ids.event_id) AS in_postgres,
                       EXISTS (SELECT 1 FROM quarantined q WHERE q.event_id = ids.event_id) AS in_quarantine
                FROM ids
            )
            SELECT (SELECT count(*) FROM acked),
                   count(*) FILTER (WHERE in_postgres),
                   count(*) FILTER (WHERE NOT in_postgres AND in_quarantine),
                   coalesce(sum(times - 1), 0),
                   count(*) FILTER (WHERE NOT in_postgres AND NOT in_quarantine)
            FROM found""";
    private static final String WRONG_REASON = """
            SELECT count(*) FROM (SELECT DISTINCT event_id, reason FROM acked WHERE reason IS NOT NULL) a
            WHERE EXISTS (SELECT 1 FROM quarantined q WHERE q.event_id = a.event_id)
              AND NOT EXISTS (SELECT 1 FROM quarantined q WHERE q.event_id = a.event_id AND q.reason = a.reason)""";
    private static final String BY_REASON = """
            SELECT q.reason, count(DISTINCT q.event_id) FROM quarantined q
            WHERE q.event_id IN (SELECT event_id FROM acked)
              AND NOT EXISTS (SELECT 1 FROM user_events u WHERE u.event_id = q.event_id)
            GROUP BY q.reason ORDER BY q.reason""";

    private final Connection connection;
    private final CopyManager copy;
    private final QuarantineIds quarantine;

    /** Copies the acknowledged ids in; call it once the generators have stopped, so that the files are whole. */
    public Reconciliation(Database database, List<Path> ackedIdFiles, Path errorDir) throws SQLException {
        this.connection = database.connect();
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.quarantine = new QuarantineIds(errorDir);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE acked (event_id text NOT NULL, reason text)");
            statement.execute("CREATE TEMPORARY TABLE quarantined (event_id text NOT NULL, reason text NOT NULL)");
            // The count looks ids up here one by one (an EXISTS in a select list is a subplan, never a join):
            // without an index each lookup scans the table, 27,000 quarantined ids x 27,000 scans after a
            // minute at 50,000 events/s with 1 % invalid took minutes.
            statement.execute("CREATE INDEX ON quarantined (event_id)");
        }
        for (Path file : ackedIdFiles) {
            copyAckedIds(file);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX ON acked (event_id)");
            statement.execute("ANALYZE acked");
        }
    }

    /** Reads the quarantine files published since the last call, then counts. */
    public Summary count(long sent) throws SQLException {
        copyNewQuarantineIds();
        try (Statement statement = connection.createStatement()) {
            long acked;
            long inPostgres;
            long quarantined;
            long duplicates;
            long lost;
            try (ResultSet counts = statement.executeQuery(COUNTS)) {
                counts.next();
                acked = counts.getLong(1);
                inPostgres = counts.getLong(2);
                quarantined = counts.getLong(3);
                duplicates = counts.getLong(4);
                lost = counts.getLong(5);
            }
            long wrongReason;
            try (ResultSet wrong = statement.executeQuery(WRONG_REASON)) {
                wrong.next();
                wrongReason = wrong.getLong(1);
            }
            Map<String, Long> byReason = new TreeMap<>();
            try (ResultSet reasons = statement.executeQuery(BY_REASON)) {
                while (reasons.next()) {
                    byReason.put(reasons.getString(1), reasons.getLong(2));
                }
            }
            return new Summary(sent, acked, inPostgres, quarantined, duplicates, lost, wrongReason, byReason);
        }
    }

    /** A valid id is a line of its own; an invalid one is followed by a tab and its reason code. */
    private void copyAckedIds(Path file) throws SQLException {
        StringBuilder rows = new StringBuilder();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String id = tab < 0 ? line : line.substring(0, tab);
                rows.append(escape(id)).append('\t').append(tab < 0 ? "\\N" : escape(line.substring(tab + 1))).append('\n');
                if (rows.length() > 1 << 20) {
                    copyRows("acked", rows);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        copyRows("acked", rows);
    }

    private void copyNewQuarantineIds() throws SQLException {
        StringBuilder rows = new StringBuilder();
        quarantine.readNew((id, reason) -> rows.append(escape(id)).append('\t').append(escape(reason)).append('\n'));
        if (rows.isEmpty()) {
            return; // a drain polls every half second: no new file, nothing to copy or re-analyze
        }
        copyRows("quarantined", rows);
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE quarantined");
        }
    }

    private void copyRows(String table, StringBuilder rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try {
            copy.copyIn("COPY " + table + " FROM STDIN", new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        rows.setLength(0);
    }

    /** COPY's text format: backslash, tab and line breaks escaped; ids from hostile input may hold any of them. */
    public static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\t' -> escaped.append("\\t");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\0' -> escaped.append('\uFFFD'); // PostgreSQL text cannot hold NUL
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}

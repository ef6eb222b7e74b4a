package dev.pipeline.stream;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads {@code user_events} in the test database. */
public final class EventsTable {

    private EventsTable() {
    }

    /** Rows whose event_id starts with the prefix; 0 while the table does not exist yet. */
    public static long count(String prefix) {
        try (Connection connection = TestPostgres.get().connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT count(*) FROM user_events WHERE event_id LIKE ? || '%'")) {
            select.setString(1, prefix);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw new IllegalStateException(e);
        }
    }

    /** One row of {@code user_events}, every column the event gives. */
    public record Row(String eventId, String userId, String eventType, String productId, BigDecimal price,
            Instant eventTimestamp, Instant receivedAt) {
    }

    /** Rows whose event_id starts with the prefix, all columns, in event_id order. */
    public static List<Row> rows(String prefix) {
        try (Connection connection = TestPostgres.get().connect();
                PreparedStatement select = connection.prepareStatement("SELECT event_id, user_id, event_type, product_id,"
                        + " price, event_timestamp, received_at FROM user_events WHERE event_id LIKE ? || '%' ORDER BY event_id")) {
            select.setString(1, prefix);
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2), result.getString(3), result.getString(4),
                            result.getBigDecimal(5), result.getObject(6, OffsetDateTime.class).toInstant(),
                            result.getObject(7, OffsetDateTime.class).toInstant()));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The files {@code stream_files} records as loaded, of those named: {@code name:rows_staged:rows_quarantined},
     * once per time a batch loaded it.
     */
    public static List<String> loadedFiles(Collection<String> names) {
        try (Connection connection = TestPostgres.get().connect();
                PreparedStatement select = connection.prepareStatement("SELECT file_name, rows_staged, rows_quarantined"
                        + " FROM stream_files WHERE file_name = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", names.toArray()));
            List<String> files = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    files.add(result.getString(1) + ":" + result.getLong(2) + ":" + result.getLong(3));
                }
            }
            return files;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return List.of();
            }
            throw new IllegalStateException(e);
        }
    }

    public static List<String> ids(String prefix) {
        try (Connection connection = TestPostgres.get().connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT event_id FROM user_events WHERE event_id LIKE ? || '%' ORDER BY event_id")) {
            select.setString(1, prefix);
            List<String> ids = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

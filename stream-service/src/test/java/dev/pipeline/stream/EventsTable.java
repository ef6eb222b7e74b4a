package dev.pipeline.stream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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

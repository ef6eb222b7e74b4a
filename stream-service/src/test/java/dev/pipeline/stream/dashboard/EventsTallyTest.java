package dev.pipeline.stream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.stream.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's figures of {@code user_events} against {@code count(*)}, on a table of its own (a schema
 * of its own in the test database), including a load that commits after a later one: its rows must be
 * counted once it commits, however many refreshes ran meanwhile.
 */
class EventsTallyTest {

    private final String schema = "tally_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<Connection> connections = new ArrayList<>();
    private Connection reader;
    private int nextEvent;

    @BeforeEach
    void createTable() throws SQLException {
        reader = connect();
        try (Statement statement = reader.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("SET search_path = " + schema);
            statement.execute("CREATE TABLE user_events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " event_id VARCHAR(64) NOT NULL UNIQUE, user_id VARCHAR(64) NOT NULL, event_type VARCHAR(16) NOT NULL,"
                    + " product_id VARCHAR(64) NOT NULL, price NUMERIC(10,2) NOT NULL, event_timestamp TIMESTAMPTZ NOT NULL,"
                    + " received_at TIMESTAMPTZ NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        }
    }

    @AfterEach
    void dropTable() throws SQLException {
        try (Statement statement = reader.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
        for (Connection connection : connections) {
            connection.close();
        }
    }

    @Test
    void countsEveryCommittedRowExactlyAlsoWhenAnEarlierIdCommitsLater() throws SQLException {
        EventsTally tally = new EventsTally();
        Instant now = Instant.now();
        insert(reader, 100, "view", "p-1", "1.00", now.minusSeconds(10));
        assertThat(tally.refresh(reader, now)).as("first sight only notes the id to settle").isNull();

        Connection slowLoad = connect();
        slowLoad.setAutoCommit(false);
        insert(slowLoad, 7, "purchase", "p-slow", "5.00", now.minusSeconds(5));   // takes ids 101-107, commits last
        insert(reader, 20, "add_to_cart", "p-2", "2.00", now.minusSeconds(3));      // ids 108-127, committed now

        for (int refresh = 0; refresh < 5; refresh++) {
            EventsTally.Figures figures = tally.refresh(reader, now);
            assertThat(figures.rowsTotal()).isEqualTo(count()).isEqualTo(120);
            assertThat(tally.settledId()).as("never past an id a running load holds").isLessThan(101);
        }
        slowLoad.commit();
        EventsTally.Figures figures = tally.refresh(reader, now);
        assertThat(figures.rowsTotal()).isEqualTo(count()).isEqualTo(127);
        for (int refresh = 0; refresh < 3; refresh++) {
            figures = tally.refresh(reader, now);
        }
        assertThat(tally.settledId()).as("settled once the load is done").isEqualTo(127);
        assertThat(figures.rowsTotal()).isEqualTo(127);
        assertThat(figures.funnel()).isEqualTo(new EventsTally.Funnel(100, 20, 7));
        assertThat(figures.topProducts()).containsExactly(new EventsTally.TopProduct("p-slow", new BigDecimal("35.00"), 7));
    }

    @Test
    void theFunnelAndTopProductsCoverTheLastHourByEventTime() throws SQLException {
        EventsTally tally = new EventsTally();
        Instant now = Instant.now();
        insert(reader, 3, "view", "p-old", "1.00", now.minus(EventsTally.WINDOW).minusSeconds(60));
        insert(reader, 5, "purchase", "p-old", "9.00", now.minus(EventsTally.WINDOW).minusSeconds(60));
        insert(reader, 4, "view", "p-a", "1.00", now.minusSeconds(600));
        insert(reader, 2, "purchase", "p-a", "10.50", now.minusSeconds(600));
        insert(reader, 3, "purchase", "p-b", "4.00", now.minusSeconds(30));
        insert(reader, 1, "view", "p-future", "1.00", now.plusSeconds(3600));
        EventsTally.Figures figures = null;
        for (int refresh = 0; refresh < 4; refresh++) {
            figures = tally.refresh(reader, now);
            insert(reader, 1, "add_to_cart", "p-a", "1.00", now.minusSeconds(1));
        }
        assertThat(figures.rowsTotal()).isEqualTo(count() - 1);
        assertThat(figures.funnel()).isEqualTo(new EventsTally.Funnel(4, 3, 5));
        assertThat(figures.topProducts()).containsExactly(
                new EventsTally.TopProduct("p-a", new BigDecimal("21.00"), 2),
                new EventsTally.TopProduct("p-b", new BigDecimal("12.00"), 3));

        Instant later = now.plusSeconds(3001);
        figures = tally.refresh(reader, later);
        assertThat(figures.funnel()).as("an hour after p-a's events, only the later ones are left (not the future view)")
                .isEqualTo(new EventsTally.Funnel(0, 4, 3));
    }

    @Test
    void anEmptiedTableIsCountedAgain() throws SQLException {
        EventsTally tally = new EventsTally();
        Instant now = Instant.now();
        insert(reader, 30, "view", "p-1", "1.00", now);
        for (int refresh = 0; refresh < 3; refresh++) {
            tally.refresh(reader, now);
        }
        try (Statement statement = reader.createStatement()) {
            statement.execute("TRUNCATE user_events");
        }
        insert(reader, 2, "view", "p-1", "1.00", now);
        EventsTally.Figures figures = tally.refresh(reader, now);
        if (figures == null) {
            figures = tally.refresh(reader, now);
        }
        assertThat(figures.rowsTotal()).isEqualTo(count()).isEqualTo(2);
    }

    private Connection connect() throws SQLException {
        Connection connection = TestPostgres.get().connect();
        connections.add(connection);
        if (reader != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET search_path = " + schema);
            }
        }
        return connection;
    }

    private long count() throws SQLException {
        try (Statement statement = reader.createStatement(); ResultSet count = statement.executeQuery("SELECT count(*) FROM user_events")) {
            count.next();
            return count.getLong(1);
        }
    }

    private void insert(Connection connection, int rows, String type, String product, String price, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO user_events (event_id, user_id, event_type,"
                + " product_id, price, event_timestamp, received_at) VALUES (?, 'u-1', ?, ?, ?, ?, now())")) {
            for (int i = 0; i < rows; i++) {
                insert.setString(1, "e-" + nextEvent++);
                insert.setString(2, type);
                insert.setString(3, product);
                insert.setBigDecimal(4, new BigDecimal(price));
                insert.setObject(5, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}

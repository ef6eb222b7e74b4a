package dev.pipeline.stream.dashboard;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of {@code user_events} the dashboard shows: rows in the table, the funnel and the top
 * products of the last hour. Exact (the same numbers as {@code count(*)} over the table), yet no
 * refresh reads more than the rows that arrived since the last few refreshes.
 *
 * <p>How: rows are identified by {@code id} (the identity column, handed out in increasing order).
 * Everything up to a <em>settled</em> id is tallied once and kept here; each refresh reads only the
 * rows above it, through the primary key. An id may only be settled once no transaction can still
 * commit a row at or below it, because the identity is handed out at insert, not at commit: a load
 * that took id 100 may commit after one that took 101. So an id {@code X} (the largest visible in
 * one refresh) becomes settled when a later snapshot's {@code xmin} has passed the {@code xmax} read
 * right after {@code X} was seen: every transaction that had taken an id up to {@code X} then has
 * finished, and the snapshot sees its rows. In steady traffic that is one refresh later.
 *
 * <p>Assumes rows are only ever added with ids from the table's identity (cache 1, its default):
 * deleted rows would still be counted until the service restarts. A table emptied (TRUNCATE) or
 * rewritten (VACUUM FULL, CLUSTER) gets a new file, which is noticed: it is then counted from scratch.
 *
 * <p>Not thread-safe: the dashboard's single refresher thread owns it.
 */
final class EventsTally {

    /** The funnel's and the top products' window. */
    static final Duration WINDOW = Duration.ofHours(1);
    private static final int TOP_PRODUCTS = 5;
    static final List<String> TYPES = List.of("view", "add_to_cart", "purchase");

    /**
     * One snapshot's view: what {@code xmin} has passed, the largest id committed, and the table's file
     * (a TRUNCATE gives the table a new one).
     */
    static final String SNAPSHOT = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,"
            + " (SELECT coalesce(max(id), 0) FROM user_events), pg_relation_filenode('user_events')";
    /** Every transaction that is running now has an xid below this. */
    static final String XMAX = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint";
    /**
     * The rows above the settled id ({@code id > ?4}), those up to the new settled id flagged
     * ({@code id <= ?1}), grouped so that the answer stays small: by type and, within the window
     * ({@code >= ?2}), by second; purchases within the window also by product.
     */
    static final String ROWS_SINCE = "SELECT id <= ? AS settled, event_type,"
            + " CASE WHEN event_timestamp >= ? THEN floor(extract(epoch FROM event_timestamp))::bigint END AS second,"
            + " CASE WHEN event_type = 'purchase' AND event_timestamp >= ? THEN product_id END AS product,"
            + " count(*) AS events, sum(price) AS revenue"
            + " FROM user_events WHERE id > ? GROUP BY 1, 2, 3, 4";

    record Funnel(long view, long addToCart, long purchase) {
    }

    record TopProduct(String productId, BigDecimal revenue, long purchases) {
    }

    record Figures(long rowsTotal, Funnel funnel, List<TopProduct> topProducts) {
    }

    private Counts settled = new Counts();
    private long settledId;
    /** The id waiting to be settled, or 0; and the xmax it waits for, or -1 while not read yet. */
    private long candidateId;
    private long candidateBarrier = -1;
    private long tableFile = -1;

    /**
     * Reads what arrived since the last refresh and answers the figures as of this refresh; null at the
     * first sight of a table that has rows, which only notes the id to settle, so that the whole table
     * is read once (one refresh later), not twice.
     */
    Figures refresh(Connection connection, Instant now) throws SQLException {
        long cutoffSecond = now.getEpochSecond() - WINDOW.toSeconds();
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(Instant.ofEpochSecond(cutoffSecond), ZoneOffset.UTC);
        Counts tail = new Counts();
        Counts newlySettled = new Counts();
        long settleTo;
        long maxId;
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        boolean firstSight = false;
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            long xmin;
            try (Statement statement = connection.createStatement()) {
                // id > ? is a few rows now and all of them at the start: plan for the value, never generically.
                statement.execute("SET LOCAL plan_cache_mode = force_custom_plan");
                try (ResultSet snapshot = statement.executeQuery(SNAPSHOT)) {
                    snapshot.next();
                    xmin = snapshot.getLong(1);
                    maxId = snapshot.getLong(2);
                    long file = snapshot.getLong(3);
                    if (file != tableFile || maxId < settledId) {
                        reset();
                        tableFile = file;
                    }
                }
            }
            settleTo = candidateId > settledId && candidateBarrier >= 0 && xmin >= candidateBarrier ? candidateId : settledId;
            firstSight = settledId == 0 && candidateId == 0 && maxId > 0;
            try (PreparedStatement select = connection.prepareStatement(ROWS_SINCE)) {
                select.setLong(1, settleTo);
                select.setObject(2, cutoff);
                select.setObject(3, cutoff);
                select.setLong(4, firstSight ? Long.MAX_VALUE : settledId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long second = rows.getLong(3);
                        Long inWindow = rows.wasNull() ? null : second;
                        BigDecimal revenue = rows.getBigDecimal(6);
                        (rows.getBoolean(1) ? newlySettled : tail).add(rows.getString(2), inWindow, rows.getString(4),
                                rows.getLong(5), revenue == null ? BigDecimal.ZERO : revenue);
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
            connection.setTransactionIsolation(isolation);
        }
        settled.addAll(newlySettled);
        if (settleTo > settledId) {
            settledId = settleTo;
            candidateId = 0;
            candidateBarrier = -1;
        }
        if (candidateId == 0 && maxId > settledId) {
            candidateId = maxId;
            try (Statement statement = connection.createStatement(); ResultSet xmax = statement.executeQuery(XMAX)) {
                xmax.next();
                candidateBarrier = xmax.getLong(1);
            }
        }
        settled.forgetBefore(cutoffSecond);
        if (firstSight) {
            return null;
        }
        return figures(tail, cutoffSecond, now.getEpochSecond());
    }

    /** The id below which rows are tallied for good (for tests and the EXPLAIN in the docs). */
    long settledId() {
        return settledId;
    }

    private void reset() {
        settled = new Counts();
        settledId = 0;
        candidateId = 0;
        candidateBarrier = -1;
    }

    private Figures figures(Counts tail, long fromSecond, long toSecond) {
        long[] funnel = new long[TYPES.size()];
        settled.addFunnel(funnel, fromSecond, toSecond);
        tail.addFunnel(funnel, fromSecond, toSecond);
        Map<String, TopProduct> products = new HashMap<>();
        settled.addProducts(products, fromSecond / 60, toSecond / 60);
        tail.addProducts(products, fromSecond / 60, toSecond / 60);
        List<TopProduct> top = new ArrayList<>(products.values());
        top.sort(Comparator.comparing(TopProduct::revenue).reversed().thenComparing(TopProduct::productId));
        return new Figures(settled.rows + tail.rows, new Funnel(funnel[0], funnel[1], funnel[2]),
                List.copyOf(top.subList(0, Math.min(TOP_PRODUCTS, top.size()))));
    }

    /** Rows tallied: all of them, those in the window by second and type, purchases by minute and product. */
    private static final class Counts {
        long rows;
        final TreeMap<Long, long[]> bySecond = new TreeMap<>();
        final TreeMap<Long, Map<String, TopProduct>> purchasesByMinute = new TreeMap<>();

        void add(String type, Long second, String product, long events, BigDecimal revenue) {
            rows += events;
            if (second == null) {
                return;
            }
            bySecond.computeIfAbsent(second, s -> new long[TYPES.size()])[TYPES.indexOf(type)] += events;
            if (product != null) {
                purchasesByMinute.computeIfAbsent(Math.floorDiv(second, 60), m -> new HashMap<>())
                        .merge(product, new TopProduct(product, revenue, events), Counts::plus);
            }
        }

        void addAll(Counts other) {
            rows += other.rows;
            other.bySecond.forEach((second, counts) -> {
                long[] mine = bySecond.computeIfAbsent(second, s -> new long[TYPES.size()]);
                for (int i = 0; i < counts.length; i++) {
                    mine[i] += counts[i];
                }
            });
            other.purchasesByMinute.forEach((minute, products) -> {
                Map<String, TopProduct> mine = purchasesByMinute.computeIfAbsent(minute, m -> new HashMap<>());
                products.forEach((product, total) -> mine.merge(product, total, Counts::plus));
            });
        }

        void forgetBefore(long second) {
            bySecond.headMap(second).clear();
            purchasesByMinute.headMap(Math.floorDiv(second, 60)).clear();
        }

        void addFunnel(long[] funnel, long fromSecond, long toSecond) {
            bySecond.subMap(fromSecond, true, toSecond, true).values().forEach(counts -> {
                for (int i = 0; i < counts.length; i++) {
                    funnel[i] += counts[i];
                }
            });
        }

        void addProducts(Map<String, TopProduct> products, long fromMinute, long toMinute) {
            purchasesByMinute.subMap(fromMinute, true, toMinute, true).values()
                    .forEach(minute -> minute.forEach((product, total) -> products.merge(product, total, Counts::plus)));
        }

        static TopProduct plus(TopProduct a, TopProduct b) {
            return new TopProduct(a.productId(), a.revenue().add(b.revenue()), a.purchases() + b.purchases());
        }
    }
}

package dev.pipeline.bench.scenario.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchPostgres;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.JqFigures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The analytical queries of the pipeline's table, under {@code EXPLAIN (ANALYZE, BUFFERS)} (sink's part
 * explain, and the preloaded table of table growth): {@code VACUUM ANALYZE} first, then each query three
 * times, each run in a session of its own with {@code TimeZone} UTC ("today" is since 00:00 UTC). The
 * figures: {@code {table_rows, vacuum_analyze_ms, queries: [{name, sql, result_rows, execution_ms: [3 runs],
 * plan, plan_summary}]}}, the plan of the last run kept.
 */
public final class ExplainQueries {

    private static final int RUNS = 3;
    private static final Pattern EXECUTION_TIME = Pattern.compile("Execution Time: ([0-9.]+)");
    private static final Pattern NODE = Pattern.compile("\\(cost=[0-9]");
    private static final Pattern NODE_START = Pattern.compile("^\\s*(->)?\\s*");
    private static final Pattern NODE_FIGURES = Pattern.compile("\\s+\\((cost|actual).*$");

    private ExplainQueries() {
    }

    public static ObjectNode run(BenchRun run, String database) throws SQLException {
        BenchPostgres postgres = run.postgres();
        long started = System.nanoTime();
        postgres.execute(database, "VACUUM ANALYZE user_events");
        long vacuumMs = (System.nanoTime() - started) / 1_000_000;
        String userId = postgres.text(database, "SELECT user_id FROM user_events ORDER BY id DESC LIMIT 1");
        ArrayNode explained = BenchRun.JSON.createArrayNode();
        for (Map.Entry<String, String> query : queries(userId).entrySet()) {
            List<Double> runs = new ArrayList<>();
            String plan = "";
            for (int i = 0; i < RUNS; i++) {
                plan = String.join("\n", inUtc(postgres, database, "EXPLAIN (ANALYZE, BUFFERS) " + query.getValue()));
                runs.add(executionMs(plan));
            }
            long resultRows = Long.parseLong(inUtc(postgres, database, "SELECT count(*) FROM (" + query.getValue() + ") q").get(0));
            ObjectNode entry = explained.addObject();
            entry.put("name", query.getKey());
            entry.put("sql", query.getValue());
            entry.put("result_rows", resultRows);
            ArrayNode ms = entry.putArray("execution_ms");
            runs.forEach(value -> ms.add(JqFigures.number(value)));
            entry.put("plan", plan);
            entry.put("plan_summary", planSummary(plan));
            run.say("  %s: %s ms", query.getKey(), runs.stream().map(JqFigures::text).collect(Collectors.joining(" ")));
        }
        ObjectNode figures = BenchRun.JSON.createObjectNode();
        figures.put("table_rows", postgres.number(database, "SELECT count(*) FROM user_events"));
        figures.put("vacuum_analyze_ms", vacuumMs);
        figures.set("queries", explained);
        return figures;
    }

    /** The queries by name, in the order they run; the user of {@code user_recent_20} is the one of the newest row. */
    static Map<String, String> queries(String userId) {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("per_type_per_minute_last_hour", """
                SELECT date_trunc('minute', event_timestamp) AS minute, event_type, count(*)
                   FROM user_events WHERE event_timestamp >= now() - interval '1 hour'
                  GROUP BY 1, 2 ORDER BY 1, 2""");
        queries.put("user_recent_20", "SELECT * FROM user_events WHERE user_id = '" + userId
                + "' ORDER BY event_timestamp DESC LIMIT 20");
        queries.put("top_products_purchases_today", """
                SELECT product_id, count(*) AS purchases, sum(price) AS revenue
                   FROM user_events WHERE event_type = 'purchase' AND event_timestamp >= date_trunc('day', now())
                  GROUP BY product_id ORDER BY purchases DESC, product_id LIMIT 10""");
        return queries;
    }

    /** The {@code Execution Time: X ms} of an EXPLAIN ANALYZE plan. */
    static double executionMs(String plan) {
        Matcher time = EXECUTION_TIME.matcher(plan);
        if (!time.find()) {
            throw new IllegalStateException("no Execution Time in the plan:\n" + plan);
        }
        return Double.parseDouble(time.group(1));
    }

    /** The execution times of a query's runs as the tables print them: "30.1 / 29.8 / 30.0". */
    public static String runsText(JsonNode query) {
        List<String> runs = new ArrayList<>();
        query.path("execution_ms").forEach(ms -> runs.add(JqFigures.text(ms)));
        return String.join(" / ", runs);
    }

    /**
     * The nodes of a plan, outermost first, without their figures, joined by " > ", e.g.
     * {@code Limit > Index Scan Backward using user_events_user_id on user_events}.
     */
    static String planSummary(String plan) {
        List<String> nodes = new ArrayList<>();
        for (String line : plan.split("\n")) {
            if (NODE.matcher(line).find()) {
                String node = NODE_START.matcher(line).replaceFirst("");
                nodes.add(NODE_FIGURES.matcher(node).replaceFirst(""));
            }
        }
        return String.join(" > ", nodes);
    }

    /** The first column of every row of a query run in a new session with {@code TimeZone} UTC. */
    private static List<String> inUtc(BenchPostgres postgres, String database, String query) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            try (ResultSet result = statement.executeQuery(query)) {
                while (result.next()) {
                    lines.add(result.getString(1));
                }
            }
        }
        return lines;
    }
}

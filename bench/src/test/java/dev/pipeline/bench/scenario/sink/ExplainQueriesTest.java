package dev.pipeline.bench.scenario.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExplainQueriesTest {

    private static final String PLAN = """
            Limit  (cost=87.02..87.07 rows=20 width=94) (actual time=0.173..0.176 rows=20 loops=1)
              Buffers: shared hit=24
              ->  Sort  (cost=87.02..87.57 rows=221 width=94) (actual time=0.172..0.174 rows=20 loops=1)
                    Sort Key: event_timestamp DESC
                    ->  Bitmap Heap Scan on user_events  (cost=5.99..81.14 rows=221 width=94) (actual time=0.05..0.1 rows=21 loops=1)
                          Recheck Cond: ((user_id)::text = 'u-22732'::text)
                          ->  Bitmap Index Scan on user_events_user_id  (cost=0.00..5.94 rows=221 width=0) (actual time=0.03..0.03 rows=21 loops=1)
            Planning Time: 0.312 ms
            Execution Time: 0.296 ms""";

    @Test
    void summarisesAPlanAsItsNodesOutermostFirst() {
        assertThat(ExplainQueries.planSummary(PLAN))
                .isEqualTo("Limit > Sort > Bitmap Heap Scan on user_events > Bitmap Index Scan on user_events_user_id");
    }

    @Test
    void readsTheExecutionTime() {
        assertThat(ExplainQueries.executionMs(PLAN)).isEqualTo(0.296);
        assertThatThrownBy(() -> ExplainQueries.executionMs("Seq Scan on x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theQueriesAreTheScriptsToTheCharacter() {
        var queries = ExplainQueries.queries("u-7");
        assertThat(queries.keySet()).containsExactly("per_type_per_minute_last_hour", "user_recent_20",
                "top_products_purchases_today");
        assertThat(queries.get("per_type_per_minute_last_hour")).isEqualTo(
                "SELECT date_trunc('minute', event_timestamp) AS minute, event_type, count(*)\n"
                        + "   FROM user_events WHERE event_timestamp >= now() - interval '1 hour'\n"
                        + "  GROUP BY 1, 2 ORDER BY 1, 2");
        assertThat(queries.get("user_recent_20"))
                .isEqualTo("SELECT * FROM user_events WHERE user_id = 'u-7' ORDER BY event_timestamp DESC LIMIT 20");
    }
}

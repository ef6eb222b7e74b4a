package dev.pipeline.bench.scenario.sink;

import dev.pipeline.bench.scenario.BenchPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The secondary indexes of {@code user_events} that sink's {@code variants} part loads into with
 * {@code psql \copy}: each starts from the schema's table, and all but {@link #OURS} (the schema as it
 * is) replace its non-unique indexes with their own. The primary key and {@code UNIQUE (event_id)} are
 * in every one.
 */
enum IndexVariant {
    /** The primary key and the unique event id only. */
    PK_UNIQUE(List.of()),
    /** Plus the two BRIN indexes. */
    BRIN(List.of(
            "CREATE INDEX ON user_events USING brin (event_timestamp) WITH (pages_per_range = 32)",
            "CREATE INDEX ON user_events USING brin (created_at) WITH (pages_per_range = 32)")),
    /** The schema's own indexes. */
    OURS(List.of()),
    /** The schema before 07081b1: the BRIN indexes and a composite B-tree for one user's recent events. */
    USER_TS(List.of(
            "CREATE INDEX ON user_events USING brin (event_timestamp) WITH (pages_per_range = 32)",
            "CREATE INDEX ON user_events USING brin (created_at) WITH (pages_per_range = 32)",
            "CREATE INDEX ON user_events (user_id, event_timestamp)")),
    /** Three B-trees instead of BRIN. */
    BTREE3(List.of(
            "CREATE INDEX ON user_events (event_timestamp)",
            "CREATE INDEX ON user_events (user_id, event_timestamp)",
            "CREATE INDEX ON user_events (event_type, event_timestamp)"));

    private final List<String> indexes;

    IndexVariant(List<String> indexes) {
        this.indexes = indexes;
    }

    /** Its name in the results file, e.g. {@code pk_unique}. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A fresh database of the schema with this variant's secondary indexes, then a CHECKPOINT. */
    void create(BenchPostgres postgres, String database, SchemaFile schema) throws SQLException, IOException {
        schema.freshDatabase(postgres, database);
        if (this != OURS) {
            for (String index : postgres.column(database, "SELECT indexrelid::regclass FROM pg_index"
                    + " WHERE indrelid = 'user_events'::regclass AND NOT indisprimary AND NOT indisunique")) {
                postgres.execute(database, "DROP INDEX " + index);
            }
        }
        for (String index : indexes) {
            postgres.execute(database, index);
        }
        postgres.execute(database, "CHECKPOINT");
    }
}

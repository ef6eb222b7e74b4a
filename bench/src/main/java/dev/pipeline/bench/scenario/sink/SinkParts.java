package dev.pipeline.bench.scenario.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BenchPostgres;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.FlagValues;
import dev.pipeline.bench.scenario.HotMethods;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.ServiceEnvironment;
import dev.pipeline.harness.proc.MachineCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of the sink scenario, each into a fresh database {@code bench_sink_*} of the schema, in
 * this order: (b) {@code psql}: {@code \copy} of every file into the table, the practical limit;
 * (a) {@code stream}: the packaged stream service ({@link StreamLoad}); (c) {@code spark}: Spark's
 * {@code df.write().jdbc} ({@link SparkJdbcRun}); {@code variants}: {@code \copy} into each
 * {@link IndexVariant}; {@code move}: the statement that moved a partition's rows into the table, alone
 * and in variants; {@code explain}: the analytical queries on the table the stream loaded
 * ({@link ExplainQueries}). The machine is let calm down before each measurement.
 */
final class SinkParts {

    static final List<String> ALL = List.of("stream", "stream-cold", "psql", "spark", "variants", "move", "explain");

    private static final String INTO = "INSERT INTO user_events (" + PsqlCopy.COLUMNS + ")";
    private static final String FROM = PsqlCopy.COLUMNS + " FROM bench_rows";
    /**
     * The move statement each of the stream's partitions ran from its temporary table (at feacda9; since
     * e439dc7 only the fallback when its COPY straight into user_events collides), and variants of it.
     */
    static final Map<String, String> MOVES = moves();

    /** The scenario's options, checked. */
    record Settings(int files, int rowsPerFile, String ids, String parts, SchemaFile schema, boolean jfr) {

        static Settings of(Flags flags, Path home) {
            int files = FlagValues.positiveInt(flags, "--files", "BENCH_SINK_FILES", 20);
            int rowsPerFile = FlagValues.positiveInt(flags, "--rows-per-file", "BENCH_SINK_ROWS_PER_FILE", 50_000);
            String ids = FlagValues.setting(flags, "--ids", "BENCH_SINK_IDS", "uuid7");
            if (!ids.equals("uuid7") && !ids.equals("random")) {
                throw new IllegalArgumentException("--ids takes uuid7 or random");
            }
            String parts = FlagValues.setting(flags, "--parts", "BENCH_SINK_PARTS", String.join(",", ALL));
            for (String part : parts.split(",")) {
                if (!ALL.contains(part)) {
                    throw new IllegalArgumentException("unknown part " + part + " in --parts: " + String.join(",", ALL));
                }
            }
            Settings settings = new Settings(files, rowsPerFile, ids, parts, SchemaFile.of(flags, home), flags.has("--jfr"));
            if (settings.has("explain") && !settings.has("stream")) {
                throw new IllegalArgumentException("explain runs on the stream's database: --parts needs stream too");
            }
            return settings;
        }

        boolean has(String part) {
            return Arrays.asList(parts.split(",")).contains(part);
        }

        long rows() {
            return (long) files * rowsPerFile;
        }
    }

    private final BenchRun run;
    private final Settings settings;
    private final BenchPostgres postgres;
    private final ObjectNode results;
    private final Path csv;
    private Path copyScript;

    SinkParts(BenchRun run, Settings settings) {
        this.run = run;
        this.settings = settings;
        this.postgres = run.postgres();
        this.results = run.results();
        this.csv = run.work().resolve("csv");
    }

    void run() throws Exception {
        ObjectNode head = results.putObject("settings");
        head.put("files", settings.files());
        head.put("rows_per_file", settings.rowsPerFile());
        head.put("ids", settings.ids());
        head.put("parts", settings.parts());
        head.put("stream_env", ServiceEnvironment.recorded("STREAM_"));
        head.put("schema", run.relative(settings.schema().file()));
        run.say("writing %d rows in %d files (%s ids) ...", settings.rows(), settings.files(), settings.ids());
        results.set("data", CsvData.write(run, "csv", "--out", csv.toString(), "--files", Integer.toString(settings.files()),
                "--rows-per-file", Integer.toString(settings.rowsPerFile()), "--ids", settings.ids(), "--seed", "42"));
        copyScript = PsqlCopy.script(run.work().resolve("copy.sql"), CsvData.files(csv), "user_events", false);
        if (settings.has("psql")) {
            psql();
        }
        Path recording = null;
        if (settings.has("stream")) {
            recording = stream();
        }
        if (settings.has("stream-cold")) {
            streamCold();
        }
        if (settings.has("spark")) {
            spark();
        }
        if (settings.has("variants")) {
            variants();
        }
        if (settings.has("move")) {
            move();
        }
        if (settings.has("explain")) {
            run.say("EXPLAIN (ANALYZE, BUFFERS) on the stream's table ...");
            results.set("explain", ExplainQueries.run(run, "bench_sink_stream"));
            postgres.drop("bench_sink_stream");
        }
        ObjectNode ratios = results.putObject("ratios");
        JsonNode stream = results.path("stream").path("rows_per_sec");
        ratios.set("stream_over_psql", JqFigures.ratio(stream, results.path("psql").path("rows_per_sec")));
        ratios.set("stream_over_spark_jdbc", JqFigures.ratio(stream, results.path("spark_jdbc").path("rows_per_sec")));
        // Publication to the last commit, warm and cold, against psql: the goals of issue 20.
        ratios.set("stream_from_publish_over_psql", JqFigures.ratio(results.path("stream").path("rows_per_sec_from_publish"),
                results.path("psql").path("rows_per_sec")));
        ratios.set("stream_cold_from_publish_over_psql", JqFigures.ratio(
                results.path("stream_cold").path("rows_per_sec_from_publish"), results.path("psql").path("rows_per_sec")));
        if (recording != null && Files.isRegularFile(recording)) {
            HotMethods.print(recording, 20, "", System.out);
        }
    }

    /** (b) psql {@code \copy} into an empty table of the schema. */
    private void psql() throws Exception {
        String db = "bench_sink_psql";
        run.say("(b) psql \\copy into an empty table of %s ...", run.relative(settings.schema().file()));
        IndexVariant.OURS.create(postgres, db, settings.schema());
        run.waitQuiet();
        MachineCpu before = MachineCpu.now();
        ObjectNode copy = copy(db);
        JqFigures.put(copy, "machine_cores_busy", JqFigures.round(MachineCpu.now().coresBusySince(before), 2));
        results.set("psql", copy);
        run.say("(b) %s rows in %s s: %s rows/s", JqFigures.text(copy.get("rows")), JqFigures.text(copy.get("seconds")),
                JqFigures.text(copy.get("rows_per_sec")));
        postgres.drop(db);
    }

    /** (a) the stream service; returns its flight recording with {@code --jfr}, else null. */
    private Path stream() throws Exception {
        String db = "bench_sink_stream";
        run.say("(a) the stream service on an empty database, files published once it is ready ...");
        IndexVariant.OURS.create(postgres, db, settings.schema());
        Path recording = null;
        List<String> jvm = new ArrayList<>();
        if (settings.jfr()) {
            recording = run.resultsFile().resolveSibling("sink-" + run.stamp() + "-stream.jfr").toAbsolutePath();
            jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + recording + ",dumponexit=true");
        }
        ObjectNode stream = StreamLoad.of(run, "stream", db, csv, settings.rows()).label("(a)").jvmOptions(jvm).run().figures();
        if (recording != null) {
            stream.put("jfr", run.relative(recording));
        }
        results.set("stream", stream);
        if (!settings.has("explain")) {
            postgres.drop(db);
        }
        return recording;
    }

    /**
     * (a') the same on a freshly started service with no warm-up batch: its first batch pays the JIT and
     * Spark's first job, as a service that has just started does.
     */
    private void streamCold() throws Exception {
        String db = "bench_sink_stream_cold";
        run.say("(a') the stream service cold: no warm-up batch, files published once it is ready ...");
        IndexVariant.OURS.create(postgres, db, settings.schema());
        ObjectNode cold = StreamLoad.of(run, "stream-cold", db, csv, settings.rows()).label("(a')").warmupRows(0).run().figures();
        results.set("stream_cold", cold);
        postgres.drop(db);
    }

    /** (c) Spark's {@code df.write().jdbc}, with Spark's defaults. */
    private void spark() throws Exception {
        String db = "bench_sink_spark";
        run.say("(c) Spark spark.read().csv + df.write().jdbc append (Spark defaults) ...");
        IndexVariant.OURS.create(postgres, db, settings.schema());
        run.waitQuiet();
        MachineCpu before = MachineCpu.now();
        ObjectNode spark = SparkJdbcRun.load(run, csv, db);
        double cores = MachineCpu.now().coresBusySince(before);
        long rows = postgres.number(db, "SELECT count(*) FROM user_events");
        double writeS = spark.path("write_s").asDouble();
        spark.put("rows", rows);
        spark.set("seconds", spark.get("write_s"));
        spark.put("rows_per_sec", (long) Math.floor(rows / writeS));
        JqFigures.put(spark, "machine_cores_busy", JqFigures.round(cores, 2));
        results.set("spark_jdbc", spark);
        run.say("(c) %d rows in %s s: %s rows/s (%s partitions)", rows, JqFigures.text(spark.get("seconds")),
                JqFigures.text(spark.get("rows_per_sec")), JqFigures.text(spark.get("partitions")));
        postgres.drop(db);
    }

    /** psql {@code \copy} into each index variant of the table. */
    private void variants() throws Exception {
        ArrayNode variants = results.putArray("index_variants");
        for (IndexVariant variant : IndexVariant.values()) {
            String db = "bench_sink_idx_" + variant.key();
            run.say("index variant %s: psql \\copy ...", variant.key());
            variant.create(postgres, db, settings.schema());
            run.waitQuiet();
            ObjectNode entry = variants.addObject();
            entry.put("variant", variant.key());
            ObjectNode copy = copy(db);
            entry.setAll(copy);
            run.say("  %s rows/s (%s s)", JqFigures.text(copy.get("rows_per_sec")), JqFigures.text(copy.get("seconds")));
            postgres.drop(db);
        }
    }

    /**
     * What moving rows into user_events costs PostgreSQL by itself, from one psql connection: the rows
     * are copied into an unlogged table once, then moved into the empty table by each statement of
     * {@link #MOVES}, with {@code TRUNCATE} and {@code CHECKPOINT} between them.
     */
    private void move() throws Exception {
        String db = "bench_sink_move";
        run.say("the move statement alone (INSERT ... SELECT ... ON CONFLICT), and variants of it ...");
        IndexVariant.OURS.create(postgres, db, settings.schema());
        postgres.execute(db, "CREATE UNLOGGED TABLE bench_rows (LIKE user_events INCLUDING DEFAULTS)",
                "ALTER TABLE bench_rows DROP COLUMN id, DROP COLUMN created_at");
        Path stage = PsqlCopy.script(run.work().resolve("stage.sql"), CsvData.files(csv), "bench_rows", false);
        Path output = run.work().resolve("move.out");
        run.waitQuiet();
        long stageMs = PsqlCopy.timed(postgres, db, output, "-f", stage.toString());
        ObjectNode move = BenchRun.JSON.createObjectNode();
        move.put("rows", settings.rows());
        JqFigures.put(move, "stage_copy_s", stageMs / 1000.0);
        ArrayNode variants = move.putArray("variants");
        for (Map.Entry<String, String> statement : MOVES.entrySet()) {
            postgres.execute(db, "TRUNCATE user_events", "CHECKPOINT");
            long ms = PsqlCopy.timed(postgres, db, output, "-c", statement.getValue());
            ObjectNode entry = variants.addObject();
            entry.put("variant", statement.getKey());
            JqFigures.put(entry, "seconds", ms / 1000.0);
            entry.put("rows_per_sec", JqFigures.perSecond(settings.rows(), ms));
            entry.put("statement", statement.getValue());
            run.say("  %s: %d ms", statement.getKey(), ms);
        }
        results.set("move", move);
        postgres.drop(db);
    }

    /** psql {@code \copy} of every file into the database's empty table: {@code {seconds, rows, rows_per_sec, table_mb, indexes}}. */
    private ObjectNode copy(String db) throws IOException, InterruptedException, SQLException {
        long ms = PsqlCopy.timed(postgres, db, run.work().resolve("psql.out"), "-f", copyScript.toString());
        long rows = postgres.number(db, "SELECT count(*) FROM user_events");
        ObjectNode copy = BenchRun.JSON.createObjectNode();
        JqFigures.put(copy, "seconds", ms / 1000.0);
        copy.put("rows", rows);
        copy.put("rows_per_sec", JqFigures.perSecond(rows, ms));
        JqFigures.put(copy, "table_mb", postgres.tableMb(db, "pg_table_size"));
        copy.set("indexes", postgres.indexes(db));
        return copy;
    }

    private static Map<String, String> moves() {
        Map<String, String> moves = new LinkedHashMap<>();
        moves.put("service", INTO + " SELECT " + FROM + " ORDER BY event_id, received_at ON CONFLICT (event_id) DO NOTHING");
        moves.put("service_work_mem_256mb", "SET work_mem = '256MB'; " + INTO + " SELECT " + FROM
                + " ORDER BY event_id, received_at ON CONFLICT (event_id) DO NOTHING");
        moves.put("on_conflict_no_order", INTO + " SELECT " + FROM + " ON CONFLICT (event_id) DO NOTHING");
        moves.put("plain_insert_select", INTO + " SELECT " + FROM);
        return moves;
    }
}

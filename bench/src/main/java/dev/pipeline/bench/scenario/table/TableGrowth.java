package dev.pipeline.bench.scenario.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BenchPostgres;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.DataFolders;
import dev.pipeline.bench.scenario.DiskRoom;
import dev.pipeline.bench.scenario.FlagValues;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.ServiceEnvironment;
import dev.pipeline.bench.scenario.sink.CsvData;
import dev.pipeline.bench.scenario.sink.ExplainQueries;
import dev.pipeline.bench.scenario.sink.PsqlCopy;
import dev.pipeline.bench.scenario.sink.SchemaFile;
import dev.pipeline.bench.scenario.sink.StreamLoad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The table-growth scenario's steps: does the load get slower as {@code user_events} grows? One
 * time-ordered series of rows is written; all but its newest files are preloaded into one database by
 * {@code psql \copy} (then {@code VACUUM ANALYZE} and {@code CHECKPOINT}); the stream service then
 * loads the newest files (the batch) into an empty database of the same schema and into the preloaded
 * one, each timed as sink's part (a) times it ({@link StreamLoad}); last, the analytical queries run on
 * the preloaded table ({@link ExplainQueries}).
 */
final class TableGrowth {

    private static final long CSV_BYTES_PER_ROW = 115;
    private static final long POSTGRES_BYTES_PER_ROW = 250;
    private static final String PRELOADED = "bench_table_preloaded";
    private static final String EMPTY = "bench_table_empty";

    /**
     * The options, checked; rows and preload rounded to whole files of the batch's size (one csv call
     * writes preload and batch together, in time order, all files alike).
     */
    record Settings(long preload, int preloadFiles, long rows, int files, int rowsPerFile, String span, long spanMs,
            SchemaFile schema) {

        static Settings of(Flags flags, Path home) {
            long preload = FlagValues.positiveInt(flags, "--preload", "BENCH_TABLE_PRELOAD", 10_000_000);
            long rows = FlagValues.positiveInt(flags, "--rows", "BENCH_TABLE_ROWS", 1_000_000);
            int files = FlagValues.positiveInt(flags, "--files", "BENCH_TABLE_FILES", 100);
            String span = FlagValues.setting(flags, "--span", "BENCH_TABLE_SPAN", "168h");
            if (!span.matches("[1-9][0-9]*(ms|s|m|h)?")) {
                throw new IllegalArgumentException("not a duration: " + span + " (use e.g. 168h, 24h, 90m)");
            }
            if (rows < files) {
                throw new IllegalArgumentException("--rows must be at least --files");
            }
            int rowsPerFile = (int) (rows / files);
            int preloadFiles = (int) Math.max(1, (preload + rowsPerFile / 2) / rowsPerFile);
            return new Settings((long) preloadFiles * rowsPerFile, preloadFiles, (long) rowsPerFile * files, files, rowsPerFile,
                    span, Flags.parseDuration(span).toMillis(), SchemaFile.of(flags, home));
        }
    }

    private final BenchRun run;
    private final Settings settings;
    private final BenchPostgres postgres;

    TableGrowth(BenchRun run, Settings settings) {
        this.run = run;
        this.settings = settings;
        this.postgres = run.postgres();
    }

    void run() throws Exception {
        checkDisk();
        ObjectNode results = run.results();
        ObjectNode head = results.putObject("settings");
        head.put("preload", settings.preload());
        head.put("rows", settings.rows());
        head.put("files", settings.files());
        head.put("rows_per_file", settings.rowsPerFile());
        JqFigures.put(head, "span_s", settings.spanMs() / 1000.0);
        head.put("schema", run.relative(settings.schema().file()));
        head.put("stream_env", ServiceEnvironment.recorded("STREAM_"));
        head.put("java_opts", Flags.orEnv("BENCH_JAVA_OPTS", ""));

        Path csv = run.work().resolve("csv");
        run.say("writing %d rows in %d files of %d over %s up to now ...", settings.preload() + settings.rows(),
                settings.preloadFiles() + settings.files(), settings.rowsPerFile(), settings.span());
        results.set("data", CsvData.write(run, "csv", "--out", csv.toString(),
                "--files", Integer.toString(settings.preloadFiles() + settings.files()),
                "--rows-per-file", Integer.toString(settings.rowsPerFile()), "--span", settings.span(), "--seed", "42",
                "--name", "table"));
        // The newest files (their names sort in time order) are the batch; the rest is the preload.
        Path batch = Files.createDirectories(run.work().resolve("batch"));
        List<Path> all = CsvData.files(csv);
        for (Path file : all.subList(all.size() - settings.files(), all.size())) {
            Files.move(file, batch.resolve(file.getFileName()));
        }

        ObjectNode preload = preload(csv);
        long preloadedRows = preload.path("rows").asLong();

        run.say("the stream service loads %d rows (%d files) into an empty table ...", settings.rows(), settings.files());
        settings.schema().freshDatabase(postgres, EMPTY);
        postgres.execute(EMPTY, "CHECKPOINT");
        ObjectNode empty = StreamLoad.of(run, "empty", EMPTY, batch, settings.rows()).label("empty:").run().figures();
        postgres.drop(EMPTY);

        run.say("the stream service loads the same %d rows into the table of %d rows ...", settings.rows(), preloadedRows);
        postgres.execute(PRELOADED, "CHECKPOINT");
        ObjectNode preloaded = StreamLoad.of(run, "preloaded", PRELOADED, batch, settings.rows()).rowsBefore(preloadedRows)
                .label("preloaded:").run().figures();
        preloaded.put("table_rows_before", preloadedRows);

        run.say("EXPLAIN (ANALYZE, BUFFERS) on the preloaded table ...");
        ObjectNode explain = ExplainQueries.run(run, PRELOADED);

        ObjectNode table = results.putObject("table");
        table.set("preloaded_rows", preload.get("rows"));
        table.set("preload_rows_per_sec", preload.get("rows_per_sec"));
        table.set("preload", preload);
        table.set("empty", empty);
        table.set("preloaded", preloaded);
        table.set("ratio_preloaded_over_empty", empty.path("rows_per_sec").asDouble() > 0
                ? JqFigures.ratio(preloaded.path("rows_per_sec"), empty.path("rows_per_sec")) : NullNode.getInstance());
        JsonNode queries = explain.remove("queries");
        table.set("explain", explain);
        table.set("queries", queries);
        postgres.drop(PRELOADED);
    }

    /**
     * psql {@code \copy} of the preload into an empty table of the schema, one transaction a file with
     * {@code \timing} (its rate over the first and the last tenth of the files shows the slowdown as the
     * indexes outgrow shared_buffers); the CSV is deleted after; then VACUUM ANALYZE and CHECKPOINT.
     */
    private ObjectNode preload(Path csv) throws Exception {
        settings.schema().freshDatabase(postgres, PRELOADED);
        Path script = PsqlCopy.script(run.work().resolve("preload.sql"), CsvData.files(csv), "user_events", true);
        postgres.execute(PRELOADED, "CHECKPOINT");
        run.waitQuiet();
        run.say("preload: psql \\copy of %d rows in %d files into an empty table of %s ...", settings.preload(),
                settings.preloadFiles(), run.relative(settings.schema().file()));
        Path timing = run.work().resolve("preload.timing");
        long ms = PsqlCopy.timed(postgres, PRELOADED, timing, "-f", script.toString());
        DataFolders.delete(csv);
        run.say("  %d rows in %d s; VACUUM ANALYZE and CHECKPOINT ...", settings.preload(), ms / 1000);
        long started = System.nanoTime();
        postgres.execute(PRELOADED, "VACUUM ANALYZE user_events");
        long vacuumMs = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        postgres.execute(PRELOADED, "CHECKPOINT");
        long checkpointMs = (System.nanoTime() - started) / 1_000_000;
        long rows = postgres.number(PRELOADED, "SELECT count(*) FROM user_events");
        ObjectNode preload = preloadFigures(fileTimes(Files.readAllLines(timing, StandardCharsets.UTF_8)),
                settings.rowsPerFile(), rows, ms, vacuumMs, checkpointMs);
        JqFigures.put(preload, "table_mb", postgres.tableMb(PRELOADED, "pg_table_size"));
        JqFigures.put(preload, "indexes_mb", postgres.tableMb(PRELOADED, "pg_indexes_size"));
        preload.set("indexes", postgres.indexes(PRELOADED));
        run.say("  %s rows/s (first tenth of the files %s, last tenth %s); VACUUM ANALYZE %s s, CHECKPOINT %s s; table %s MB,"
                        + " indexes %s MB", JqFigures.text(preload.get("rows_per_sec")), JqFigures.text(preload.get("rows_per_sec_first_tenth")),
                JqFigures.text(preload.get("rows_per_sec_last_tenth")), JqFigures.text(preload.get("vacuum_analyze_s")),
                JqFigures.text(preload.get("checkpoint_s")), JqFigures.text(preload.get("table_mb")), JqFigures.text(preload.get("indexes_mb")));
        return preload;
    }

    /** The milliseconds of each {@code \copy}, from psql's {@code \timing} lines ({@code Time: 812.345 ms [(00:00.812)]}). */
    static List<Double> fileTimes(List<String> psqlOutput) {
        List<Double> times = new ArrayList<>();
        for (String line : psqlOutput) {
            if (line.startsWith("Time: ")) {
                times.add(Double.parseDouble(line.split("\\s+")[1]));
            }
        }
        return times;
    }

    /**
     * {@code {files, rows, seconds, rows_per_sec, rows_per_sec_first_tenth, rows_per_sec_last_tenth,
     * vacuum_analyze_s, checkpoint_s}}: a tenth is {@code ceil(files / 10)} files, its rate the rows of
     * its files over the sum of their times.
     */
    static ObjectNode preloadFigures(List<Double> fileMs, int rowsPerFile, long rows, long ms, long vacuumMs, long checkpointMs) {
        int tenth = (int) Math.ceil(fileMs.size() / 10.0);
        ObjectNode preload = BenchRun.JSON.createObjectNode();
        preload.put("files", fileMs.size());
        preload.put("rows", rows);
        JqFigures.put(preload, "seconds", ms / 1000.0);
        preload.put("rows_per_sec", JqFigures.perSecond(rows, ms));
        preload.set("rows_per_sec_first_tenth", rate(fileMs.subList(0, tenth), rowsPerFile));
        preload.set("rows_per_sec_last_tenth", rate(fileMs.subList(fileMs.size() - tenth, fileMs.size()), rowsPerFile));
        JqFigures.put(preload, "vacuum_analyze_s", vacuumMs / 1000.0);
        JqFigures.put(preload, "checkpoint_s", checkpointMs / 1000.0);
        return preload;
    }

    private static JsonNode rate(List<Double> fileMs, int rowsPerFile) {
        if (fileMs.isEmpty()) {
            return NullNode.getInstance();
        }
        double ms = fileMs.stream().mapToDouble(Double::doubleValue).sum();
        return JqFigures.number(JqFigures.perSecond((double) fileMs.size() * rowsPerFile, ms));
    }

    /**
     * The room the CSV (in the work folder, deleted after the preload) and PostgreSQL need, against what
     * their file systems have free; on one file system they share it while the preload runs.
     */
    private void checkDisk() throws IOException {
        DiskRoom.check(run, "CSV", run.work(), (settings.preload() + settings.rows()) * CSV_BYTES_PER_ROW,
                (settings.preload() + 2 * settings.rows()) * POSTGRES_BYTES_PER_ROW,
                "set JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=DIR to a larger file system, or lower --preload", "lower --preload");
    }
}

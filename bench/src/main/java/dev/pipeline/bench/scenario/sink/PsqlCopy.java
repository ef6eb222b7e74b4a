package dev.pipeline.bench.scenario.sink;

import dev.pipeline.bench.scenario.BenchPostgres;
import dev.pipeline.harness.Command;
import dev.pipeline.harness.LogTail;
import dev.pipeline.harness.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code psql} where the benchmarks measure it: {@code \copy} of the raw files (the practical limit the
 * stream service is compared with, and the preload of the table-growth scenario) and the move
 * statement on its own. Its wall time includes starting psql, as the scripts' timing did.
 */
public final class PsqlCopy {

    /** The CSV columns, in the files' order; {@code id} and {@code created_at} are the table's own. */
    static final String COLUMNS = "event_id, user_id, event_type, product_id, price, event_timestamp, received_at";

    private PsqlCopy() {
    }

    /**
     * A psql script of one {@code \copy TABLE (columns) FROM 'file' WITH (FORMAT csv, HEADER true)} a
     * file (autocommit: one transaction each), after {@code \timing on} when {@code timing}.
     */
    public static Path script(Path script, List<Path> files, String table, boolean timing) throws IOException {
        List<String> lines = new ArrayList<>();
        if (timing) {
            lines.add("\\timing on");
        }
        for (Path file : files) {
            lines.add("\\copy " + table + " (" + COLUMNS + ") FROM '" + file.toAbsolutePath()
                    + "' WITH (FORMAT csv, HEADER true)");
        }
        return Files.write(script, lines, StandardCharsets.UTF_8);
    }

    /**
     * Runs psql on the database with these arguments (e.g. {@code -f script}, {@code -c statement}),
     * its output into {@code output}, and returns its wall time in milliseconds; fails with the end of
     * the output when psql does.
     */
    public static long timed(BenchPostgres postgres, String database, Path output, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = postgres.psql(database, arguments);
        long started = System.nanoTime();
        Command.Result psql = Command.run(command, Duration.ofHours(2));
        long ms = (System.nanoTime() - started) / 1_000_000;
        Files.writeString(output, psql.output(), StandardCharsets.UTF_8);
        if (!psql.ok()) {
            throw new StartupException("psql failed (exit status " + psql.exitValue() + ") on " + database + ":\n"
                    + LogTail.of(output, 20));
        }
        return ms;
    }
}

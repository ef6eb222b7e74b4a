package dev.pipeline.bench.scenario.sink;

import dev.pipeline.bench.Flags;
import dev.pipeline.bench.scenario.BenchPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The schema SQL every database of a run gets: {@code sql/postgres_setup.sql}, or another design given
 * with {@code --schema FILE} (env {@code BENCH_SCHEMA}), relative to the repository root.
 */
public record SchemaFile(Path file) {

    public static final String DEFAULT = "sql/postgres_setup.sql";

    public static SchemaFile of(Flags flags, Path home) {
        Path file = home.resolve(flags.string("--schema", Flags.orEnv("BENCH_SCHEMA", DEFAULT))).normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no schema file " + file);
        }
        return new SchemaFile(file);
    }

    /** A fresh database of the schema (dropped at the end of the run). */
    public void freshDatabase(BenchPostgres postgres, String database) throws SQLException, IOException {
        postgres.freshDatabase(database, file);
    }
}

package dev.pipeline.harness.postgres;

import dev.pipeline.harness.FreePort;
import java.nio.file.Path;

/**
 * The PostgreSQL a test writes to: the server in {@code PIPELINE_TEST_JDBC_URL} (with
 * {@code PIPELINE_TEST_JDBC_USER}, {@code PIPELINE_TEST_JDBC_PASSWORD}) when it is set, otherwise an
 * embedded one of the test's own, its data in a folder the test gives.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** Close it when done: an embedded server stops, an external one is left running. */
    public static Database embeddedOrExternal(Path dir) {
        String external = System.getenv("PIPELINE_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            String password = System.getenv("PIPELINE_TEST_JDBC_PASSWORD");
            return ExternalDatabase.reach(external, System.getenv().getOrDefault("PIPELINE_TEST_JDBC_USER", "postgres"),
                    password == null ? "" : password);
        }
        return EmbeddedDatabase.start(dir.resolve("postgres"), FreePort.any(), dir.resolve("postgres.log"));
    }
}

package dev.pipeline.stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** A fresh data folder and a real PostgreSQL for the stream service under test; short trigger and retry times. */
public class StreamTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestPostgres postgres = TestPostgres.get();
        Map<String, String> config = new HashMap<>();
        try {
            config.put("pipeline.data-dir", Files.createTempDirectory("stream-test-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("quarkus.datasource.jdbc.url", postgres.url());
        config.put("quarkus.datasource.username", postgres.user());
        if (postgres.password() != null) {
            config.put("quarkus.datasource.password", postgres.password());
        }
        config.put("stream.trigger-interval", "200ms");
        config.put("stream.retry-initial-backoff", "100ms");
        config.put("stream.retry-max-backoff", "1s");
        config.put("stream.spark-conf.\"spark.default.parallelism\"", "2");
        return config;
    }

    @Override
    public void stop() {
        // The data folder stays for inspection of a failed run; it is under the system temp folder.
    }
}

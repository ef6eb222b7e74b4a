package dev.pipeline.generator.api;

import dev.pipeline.generator.FakeCollector;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the generator under test at a {@link FakeCollector}, with small sizes and some invalid and duplicate events. */
public class FakeCollectorResource implements QuarkusTestResourceLifecycleManager {

    private FakeCollector collector;

    @Override
    public Map<String, String> start() {
        collector = FakeCollector.start();
        return Map.of(
                "generator.collector-url", collector.url().toString(),
                "generator.rate", "400",
                "generator.batch-size", "20",
                "generator.max-batch-delay", "100ms",
                "generator.invalid-ratio", "0.1",
                "generator.duplicate-ratio", "0.05",
                "generator.products", "50",
                "generator.users", "100");
    }

    @Override
    public void stop() {
        collector.close();
    }
}

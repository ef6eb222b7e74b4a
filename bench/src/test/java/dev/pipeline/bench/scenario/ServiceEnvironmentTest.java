package dev.pipeline.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    @Test
    void recordsTheServicesVariablesSortedEachFollowedByABlank() {
        Map<String, String> env = Map.of("GENERATOR_RATE", "5", "GENERATOR_MAX_IN_FLIGHT", "32", "COLLECTOR_FSYNC", "false",
                "PATH", "/bin", "GENERATOR_API_KEY", "k");
        assertThat(ServiceEnvironment.recorded(env, "GENERATOR_", Set.of("GENERATOR_API_KEY")))
                .isEqualTo("GENERATOR_MAX_IN_FLIGHT=32 GENERATOR_RATE=5 ");
        assertThat(ServiceEnvironment.recorded(env, "STREAM_", Set.of())).isEmpty();
    }
}

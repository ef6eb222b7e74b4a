package dev.pipeline.harness.docs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A small mapping with one of each kind of member ConfigurationDoc must name. */
@ConfigMapping(prefix = "shop")
public interface ShopConfig {

    @WithDefault("500ms")
    Duration rollInterval();

    Optional<String> apiKey();

    @WithName("max-in-flight")
    @WithDefault("16")
    int inFlight();

    Map<String, String> sparkConf();

    Checkout checkout();

    @WithParentName
    Limits limits();

    interface Checkout {

        @WithDefault("3")
        int retries();

        Optional<URI> url();
    }

    interface Limits {

        @WithDefault("10000")
        long maxEvents();
    }
}

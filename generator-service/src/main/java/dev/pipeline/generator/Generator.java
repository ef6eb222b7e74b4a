package dev.pipeline.generator;

import dev.pipeline.generator.config.GeneratorConfig;
import dev.pipeline.generator.injection.EventMix;
import dev.pipeline.generator.injection.RecentlyAcked;
import dev.pipeline.generator.observability.GeneratorMetrics;
import dev.pipeline.generator.observability.GeneratorStats;
import dev.pipeline.generator.observability.StatsSnapshot;
import dev.pipeline.generator.pacing.GeneratorLoop;
import dev.pipeline.generator.pacing.Pacer;
import dev.pipeline.generator.pacing.RunLimits;
import dev.pipeline.generator.sending.AckedIdsFile;
import dev.pipeline.generator.sending.CollectorClient;
import dev.pipeline.generator.sending.RetryPolicy;
import dev.pipeline.generator.session.EventIds;
import dev.pipeline.generator.session.Funnel;
import dev.pipeline.generator.session.ProductCatalog;
import dev.pipeline.generator.session.ShopTraffic;
import dev.pipeline.generator.session.UserPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The generator as the service runs it: builds the catalogue, users, traffic, client and loop from
 * {@link GeneratorConfig} at startup, starts generating unless {@code generator.enabled=false}, and
 * at shutdown stops generating and gives batches in flight a moment to be answered.
 */
@ApplicationScoped
public class Generator {

    private static final Logger LOG = Logger.getLogger(Generator.class);
    /** How long shutdown waits for the collector to answer the batches in flight. */
    private static final Duration SETTLE_AT_SHUTDOWN = Duration.ofSeconds(5);

    private final GeneratorConfig config;
    private final ProductCatalog catalog;
    private final GeneratorStats stats = new GeneratorStats(System::nanoTime);
    private final AckedIdsFile ackedIds;
    private final CollectorClient client;
    private final GeneratorLoop loop;

    Generator(GeneratorConfig config, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.catalog = ProductCatalog.build(config.products());
        UserPool users = UserPool.build(config.users());
        SplittableRandom random = config.seed().map(SplittableRandom::new).orElseGet(SplittableRandom::new);
        ShopTraffic traffic = new ShopTraffic(catalog, users, new Funnel(config.addToCartRatio(), config.purchaseRatio()),
                new EventIds(), Clock.systemUTC(), random);
        RecentlyAcked recentlyAcked = new RecentlyAcked();
        EventMix mix = new EventMix(traffic, recentlyAcked, config.invalidRatio(), config.duplicateRatio(), random);
        RetryPolicy retry = new RetryPolicy(config.retryInitialBackoff(), config.retryMaxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.ackedIds = AckedIdsFile.open(config.ackedIdsFile());
        this.client = new CollectorClient(vertx, new CollectorClient.Settings(config.collectorUrl(), config.apiKey(),
                config.maxInFlight(), config.requestTimeout(), retry), stats, recentlyAcked, ackedIds);
        this.loop = new GeneratorLoop(mix, new Pacer(config.rate(), System::nanoTime), client, config.batchSize(),
                config.maxBatchDelay(), new RunLimits(config.maxEvents(), config.duration()), System::nanoTime);
        new GeneratorMetrics(stats).bindTo(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Generator disabled (generator.enabled=false): serving its endpoints only");
            return;
        }
        LOG.infof("Generating %s events/s in batches of %d to %s (max-events=%d, duration=%s, invalid-ratio=%s, "
                        + "duplicate-ratio=%s, %d users, %d products, at most %d batches in flight)",
                config.rate(), config.batchSize(), config.collectorUrl(), config.maxEvents(), config.duration(),
                config.invalidRatio(), config.duplicateRatio(), config.users(), config.products(), config.maxInFlight());
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        loop.stop();
        if (!client.awaitSettled(SETTLE_AT_SHUTDOWN)) {
            LOG.warnf("Stopping with %d events unanswered by the collector; they count as failed", stats.pending());
        }
        client.close();
        ackedIds.close();
    }

    public StatsSnapshot stats() {
        return stats.snapshot(state());
    }

    public GeneratorStats counts() {
        return stats;
    }

    public ProductCatalog catalog() {
        return catalog;
    }

    public void pause() {
        loop.pause();
    }

    public void resume() {
        loop.resume();
    }

    /** {@code disabled}, or the loop's state: running, paused, finished, stopped, failed. */
    public String state() {
        return config.enabled() ? loop.state().wireName() : "disabled";
    }
}

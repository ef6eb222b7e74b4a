package dev.pipeline.generator.observability;

import dev.pipeline.generator.injection.InvalidEvents;
import dev.pipeline.model.EventType;
import dev.pipeline.model.validation.Reason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The generator's counts as Prometheus meters at {@code /q/metrics}, read from {@link GeneratorStats}
 * when scraped, so the two can never disagree. Invalid events are counted by reason code, like the
 * collector's {@code collector_events_rejected_total{reason}}, so the two can be compared directly.
 */
public final class GeneratorMetrics implements MeterBinder {

    private final GeneratorStats stats;

    public GeneratorMetrics(GeneratorStats stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "generator.events.sent", "Events sent at least once, of every kind", GeneratorStats::sent);
        for (EventType type : EventType.values()) {
            FunctionCounter.builder("generator.events.new", stats, s -> s.sentOfType(type))
                    .description("New valid events sent, by event type").tag("type", type.wireName()).register(registry);
        }
        for (Reason rule : InvalidEvents.BROKEN_RULES) {
            FunctionCounter.builder("generator.events.invalid", stats, s -> s.invalid(rule))
                    .description("Events sent invalid on purpose, by the reason the collector should give")
                    .tag("reason", rule.code()).register(registry);
        }
        counter(registry, "generator.events.duplicate", "Acknowledged events sent again", GeneratorStats::duplicates);
        counter(registry, "generator.events.acked", "Events the collector accepted", GeneratorStats::acked);
        counter(registry, "generator.events.rejected", "Events the collector quarantined as invalid", GeneratorStats::rejected);
        counter(registry, "generator.events.failed", "Events given up without the collector recording them",
                GeneratorStats::failed);
        counter(registry, "generator.requests.retried", "Requests sent again after 429, 5xx or no answer",
                GeneratorStats::retries);
        Gauge.builder("generator.events.pending", stats, GeneratorStats::pending)
                .description("Events sent and not answered yet").register(registry);
        Gauge.builder("generator.batches.in.flight", stats, GeneratorStats::inFlightBatches)
                .description("Batches sent and not settled yet, retries waiting included").register(registry);
        Gauge.builder("generator.events.rate", stats, GeneratorStats::rate)
                .description("Events sent per second over the last few seconds").register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<GeneratorStats> count) {
        FunctionCounter.builder(name, stats, count).description(description).register(registry);
    }
}

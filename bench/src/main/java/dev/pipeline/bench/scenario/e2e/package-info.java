/**
 * The e2e and sustain scenarios: collector and stream service under a fixed event rate, latency from
 * receipt to commit and no loss ({@link E2eScenario}), and whether the stream keeps up with one rate held for
 * minutes ({@link SustainScenario}); a step at one rate is a {@link RateStep}.
 */
package dev.pipeline.bench.scenario.e2e;

/**
 * The collector scenario: events/s, latency, CPU and memory of the packaged collector at several connection
 * counts, fsync on and off. Start with {@link CollectorScenario}.
 */
package dev.pipeline.bench.scenario.collector;

/**
 * The growth scenario: whether a micro-batch gets slower once the stream has read 100,000 files. Start with
 * {@link GrowthScenario}.
 */
package dev.pipeline.bench.scenario.growth;

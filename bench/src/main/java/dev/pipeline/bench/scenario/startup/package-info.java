/**
 * The startup scenario: start to ready, CPU, memory and SIGTERM to exit of each packaged service. Start with
 * {@link StartupScenario}.
 */
package dev.pipeline.bench.scenario.startup;

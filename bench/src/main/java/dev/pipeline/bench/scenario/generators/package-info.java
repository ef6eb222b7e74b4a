/**
 * The generators scenario: how events/s scale with 1, 2, 4 generators against one collector, and that no
 * event id is shared. Start with {@link GeneratorsScenario}.
 */
package dev.pipeline.bench.scenario.generators;

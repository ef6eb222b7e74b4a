/**
 * The table-growth scenario: a batch loaded into a table of 10M rows against an empty one, and the queries
 * on the big table. Start with {@link TableGrowthScenario}.
 */
package dev.pipeline.bench.scenario.table;

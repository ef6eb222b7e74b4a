/**
 * What every benchmark scenario shares: {@link Scenario} is one scenario, {@link Scenarios} lists them and
 * {@link ScenarioRunner} runs one ({@code bench/run <name>}) on a {@link BenchRun}; the helpers here record,
 * compute and print results the way the former jq scripts did ({@link JqFigures}, {@link StreamResultsHead},
 * {@link TextTable}). Each scenario lives in a sub-package of its own.
 */
package dev.pipeline.bench.scenario;

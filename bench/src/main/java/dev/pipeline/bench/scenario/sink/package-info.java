/**
 * The sink scenario: 1M rows into PostgreSQL by the stream service, {@code psql \copy} and Spark's JDBC
 * write, plus index variants and query plans. Start with {@link SinkScenario}; {@link StreamLoad} (one timed load
 * by the stream service) also serves the table-growth and cluster scenarios.
 */
package dev.pipeline.bench.scenario.sink;

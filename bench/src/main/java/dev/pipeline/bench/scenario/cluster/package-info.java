/**
 * The cluster scenario: the stream service's load with Spark inside it against Spark standalone clusters,
 * in rows/s and CPU per row. Start with {@link ClusterScenario}.
 */
package dev.pipeline.bench.scenario.cluster;

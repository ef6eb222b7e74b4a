package dev.pipeline.stream.spark;

import dev.pipeline.stream.config.PipelineConfig;
import dev.pipeline.stream.config.StreamConfig;
import dev.pipeline.stream.query.LocalCheckpointFiles;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.jboss.logging.Logger;

/**
 * The one SparkSession of the service, built from its settings: the service is Spark's driver. It
 * is created when first needed (at start, by the query) and stopped when the application stops.
 */
public class SparkSessions {

    private static final Logger LOG = Logger.getLogger(SparkSessions.class);

    @Produces
    @Singleton
    SparkSession sparkSession(StreamConfig config, PipelineConfig pipeline) {
        SparkConf conf = new SparkConf()
                .setMaster(config.sparkMaster())
                .setAppName("stream-service")
                .set("spark.ui.enabled", Boolean.toString(config.sparkUi()))
                .set("spark.sql.warehouse.dir",
                        pipeline.dataDir().resolve("spark-warehouse").toAbsolutePath().toString())
                // A task holds its partition's rows in memory to drop duplicates before COPY: keep it small.
                .set("spark.sql.files.maxPartitionBytes", "32m")
                // Each batch's DataFrame is built from its list of files; above this many paths Spark lists
                // them with a Spark job of its own (one task per file), which cost 3.6 s of every
                // 1,000-file batch here against 210 ms listed on the driver (bench/README.md, growth).
                // The files are one folder's on a local or shared file system: the driver lists them fast.
                .set("spark.sql.sources.parallelPartitionDiscovery.threshold", "1000000")
                // Local files without Hadoop's checksum layer: it builds the path of a file's ".name.crc"
                // as a relative URI, which fails for a name with a colon ("a:b.csv"), so one such file in
                // raw/ failed its batch on every retry and stalled the stream for good. raw/ never holds
                // .crc files; checkpoints are written through FileContext, which this does not change.
                .set("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem")
                // The checkpoint written with java.nio, not through Hadoop's local file system, which runs
                // chmod and readlink as processes for each of a batch's three checkpoint files.
                .set("spark.sql.streaming.checkpointFileManagerClass", LocalCheckpointFiles.class.getName())
                // The plan of each micro-batch is described for Spark's SQL listener; the short form is
                // enough (no UI here) and cheaper than the default "formatted".
                .set("spark.sql.ui.explainMode", "simple")
                // The file source keeps each compaction of its log (every 10th batch, all files ever
                // read) for 10 minutes by default, for readers other than this query, of which there
                // are none: at four batches a second that filled the checkpoint to its rotation size
                // (CheckpointRotation) every ~90 s. A minute is plenty.
                .set("spark.sql.streaming.fileSource.log.cleanupDelay", "1m");
        for (Map.Entry<String, String> setting : config.sparkConf().entrySet()) {
            conf.set(setting.getKey(), setting.getValue());
        }
        if (config.sparkMaster().startsWith("local")) {
            // In-process: no need to listen on the machine's public address.
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else {
            shipToExecutors(conf, ExecutorJar.locate(config.executorJar(), System.getProperty("java.class.path")));
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * Cluster mode: the executors are JVMs started by Spark's workers with Spark's jars alone. They
     * fetch the executor jar from this driver (spark.jars) before their first task.
     */
    static void shipToExecutors(SparkConf conf, Path executorJar) {
        String jars = conf.get("spark.jars", "");
        conf.set("spark.jars", jars.isBlank() ? executorJar.toString() : jars + "," + executorJar);
        // A worker builds the executor's command line with Spark's launcher, which must know the Scala
        // version; a distribution's scripts set it, a worker started with plain java does not.
        conf.setIfMissing("spark.executorEnv.SPARK_SCALA_VERSION", "2.12");
        LOG.infof("Cluster mode: master %s; executors load %s", conf.get("spark.master"), executorJar);
    }

    void stop(@Disposes SparkSession spark) {
        try {
            spark.stop();
        } catch (RuntimeException e) {
            // Spark's own shutdown hook may have stopped it first; stopping twice is harmless.
            LOG.debugf(e, "Stopping Spark");
        }
    }
}

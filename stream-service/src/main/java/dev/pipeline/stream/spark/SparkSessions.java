package dev.pipeline.stream.spark;

import dev.pipeline.stream.config.PipelineConfig;
import dev.pipeline.stream.config.StreamConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
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
                // Archiving consumed files on a thread of its own keeps the move off the batch's path.
                .set("spark.sql.streaming.fileSource.cleaner.numThreads", "1")
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
                .set("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
        if (config.sparkMaster().startsWith("local")) {
            // In-process: no need to listen on the machine's public address.
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        for (Map.Entry<String, String> setting : config.sparkConf().entrySet()) {
            conf.set(setting.getKey(), setting.getValue());
        }
        return SparkSession.builder().config(conf).getOrCreate();
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

package dev.pipeline.stream.spark;

import dev.pipeline.stream.config.StreamConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession of the service from its settings; the service is Spark's driver. */
public final class SparkSessions {

    private SparkSessions() {
    }

    public static SparkSession create(StreamConfig config, Path dataDir) {
        SparkConf conf = new SparkConf()
                .setMaster(config.sparkMaster())
                .setAppName("stream-service")
                .set("spark.ui.enabled", Boolean.toString(config.sparkUi()))
                .set("spark.sql.warehouse.dir", dataDir.resolve("spark-warehouse").toAbsolutePath().toString())
                // Archiving consumed files on a thread of its own keeps the move off the batch's path.
                .set("spark.sql.streaming.fileSource.cleaner.numThreads", "1");
        if (config.sparkMaster().startsWith("local")) {
            // In-process: no need to listen on the machine's public address.
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        for (Map.Entry<String, String> setting : config.sparkConf().entrySet()) {
            conf.set(setting.getKey(), setting.getValue());
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }
}

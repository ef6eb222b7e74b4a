package dev.pipeline.bench;

import java.util.Locale;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The naive Spark load the sink benchmark compares the stream service with: {@code spark.read().csv}
 * of the raw files, then {@code df.write().jdbc(...)} appended to {@code user_events}, with Spark's
 * defaults (1,000-row JDBC batches, one connection per partition, no dedup).
 *
 * <p>Spark is a {@code provided} dependency of bench: bench.jar stays a small load client, and this
 * class runs with the stream service's own dependency jars on the class path (the sink scenario's
 * {@code SparkJdbcRun} starts it so):
 * <pre>
 * java --add-opens=... -cp "bench/target/bench.jar:stream-service/target/quarkus-app/lib/main/*:..." \
 *     dev.pipeline.bench.SparkJdbcLoad DIR JDBC_URL USER [MASTER]
 * </pre>
 * Prints one JSON line: rows, seconds of the write (the CSV read is lazy, so parsing is inside it)
 * and the session's start-up seconds, which are not counted.
 */
public final class SparkJdbcLoad {

    private SparkJdbcLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: SparkJdbcLoad CSV_DIR JDBC_URL USER [MASTER, default local[*]]");
            System.exit(2);
        }
        String dir = args[0];
        String url = args[1];
        String user = args[2];
        String master = args.length > 3 ? args[3] : "local[*]";
        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder()
                .master(master)
                .appName("bench-spark-jdbc")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
        long t1 = System.nanoTime();
        StructType schema = new StructType()
                .add("event_id", DataTypes.StringType, false)
                .add("user_id", DataTypes.StringType, false)
                .add("event_type", DataTypes.StringType, false)
                .add("product_id", DataTypes.StringType, false)
                .add("price", DataTypes.createDecimalType(10, 2), false)
                .add("event_timestamp", DataTypes.TimestampType, false)
                .add("received_at", DataTypes.TimestampType, false);
        Dataset<Row> events = spark.read().option("header", "true").schema(schema).csv(dir);
        Properties connection = new Properties();
        connection.setProperty("user", user);
        connection.setProperty("driver", "org.postgresql.Driver");
        int partitions = events.rdd().getNumPartitions();
        long t2 = System.nanoTime();
        events.write().mode(SaveMode.Append).jdbc(url, "user_events", connection);
        long t3 = System.nanoTime();
        spark.stop();
        System.out.printf(Locale.ROOT, "{\"session_start_s\": %.3f, \"partitions\": %d, \"write_s\": %.3f}%n",
                (t1 - t0) / 1e9, partitions, (t3 - t2) / 1e9);
    }
}

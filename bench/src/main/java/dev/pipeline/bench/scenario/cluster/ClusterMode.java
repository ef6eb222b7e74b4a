package dev.pipeline.bench.scenario.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the stream service runs Spark in one mode of the cluster scenario: {@code local} (the tasks in the
 * service's JVM, {@code --local-master}) or {@code clusterWxC}, a standalone cluster of W workers of C
 * cores each, the service its driver.
 *
 * @param name as given, e.g. {@code cluster2x1}; it names the mode's database, log and folders
 * @param workers 0 for local
 * @param coresPerWorker 0 for local
 */
record ClusterMode(String name, int workers, int coresPerWorker) {

    private static final Pattern CLUSTER = Pattern.compile("cluster([1-9][0-9]*)x([1-9][0-9]*)");
    private static final Pattern LOCAL_MASTER = Pattern.compile("local(\\[([1-9][0-9]*|\\*)])?");

    static ClusterMode parse(String name) {
        if (name.equals("local")) {
            return new ClusterMode(name, 0, 0);
        }
        Matcher cluster = CLUSTER.matcher(name);
        if (!cluster.matches()) {
            throw new IllegalArgumentException("unknown mode " + name + ": local or clusterWxC (W workers of C cores, e.g. cluster2x1)");
        }
        return new ClusterMode(name, Integer.parseInt(cluster.group(1)), Integer.parseInt(cluster.group(2)));
    }

    boolean isLocal() {
        return workers == 0;
    }

    /** The task slots: N of {@code local[N]} (1 of {@code local}, every core of {@code local[*]}), W × C of a cluster. */
    int sparkCores(String localMaster) {
        if (!isLocal()) {
            return workers * coresPerWorker;
        }
        Matcher local = LOCAL_MASTER.matcher(localMaster);
        if (!local.matches()) {
            throw new IllegalArgumentException("--local-master takes local, local[N] or local[*]");
        }
        if (local.group(2) == null) {
            return 1;
        }
        return local.group(2).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(local.group(2));
    }
}

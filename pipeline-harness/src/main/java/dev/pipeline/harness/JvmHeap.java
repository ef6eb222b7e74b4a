package dev.pipeline.harness;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A service's Java heap as its {@code /q/metrics} (Micrometer's JVM meters) shows it, read without
 * disturbing the JVM: no forced GC, no attach.
 *
 * <ul>
 *   <li>{@code usedMb}: in use now, garbage included ({@code jvm_memory_used_bytes{area="heap"}}, every pool);
 *   <li>{@code committedMb}: what the JVM has reserved for it ({@code jvm_memory_committed_bytes{area="heap"}}),
 *       the heap's part of the RSS;
 *   <li>{@code maxMb}: its limit, {@code -Xmx} or the default quarter of the machine ({@code jvm_gc_max_data_size_bytes});
 *   <li>{@code afterGcMb}: the heap in use right after the last collection, young ones included: the
 *       long-lived pool after it ({@code jvm_memory_usage_after_gc{area="heap",pool="long-lived"}}, a
 *       fraction of that pool's maximum, set by every GC event) plus the survivor spaces (which only a
 *       collection changes; the eden is empty after one). It still holds garbage promoted to the old
 *       generation that no mixed or full collection has reclaimed yet, so it climbs between the
 *       concurrent cycles and falls at them; its lows follow the live data. Null before the JVM's first
 *       collection since the meters were bound.
 * </ul>
 */
public record JvmHeap(double usedMb, double committedMb, Double maxMb, Double afterGcMb) {

    private static final double MB = 1024 * 1024;
    private static final List<String> SURVIVORS = List.of("G1 Survivor Space", "PS Survivor Space", "Survivor Space",
            "Par Survivor Space");

    /** The heap figures of a {@code /q/metrics} page; null when it has no {@code jvm_memory_used_bytes} of the heap. */
    public static JvmHeap of(String metrics) {
        OptionalDouble used = PrometheusText.sum(metrics, "jvm_memory_used_bytes", Map.of("area", "heap"));
        if (used.isEmpty()) {
            return null;
        }
        double committed = PrometheusText.sum(metrics, "jvm_memory_committed_bytes", Map.of("area", "heap")).orElse(0);
        OptionalDouble max = PrometheusText.sum(metrics, "jvm_gc_max_data_size_bytes", Map.of());
        OptionalDouble fraction = PrometheusText.sum(metrics, "jvm_memory_usage_after_gc",
                Map.of("area", "heap", "pool", "long-lived"));
        Double afterGc = null;
        if (max.isPresent() && max.getAsDouble() > 0 && fraction.isPresent() && fraction.getAsDouble() > 0) {
            afterGc = (fraction.getAsDouble() * max.getAsDouble() + survivors(metrics)) / MB;
        }
        return new JvmHeap(used.getAsDouble() / MB, committed / MB, max.isPresent() ? max.getAsDouble() / MB : null, afterGc);
    }

    /** The survivor spaces of the collectors there are (G1, parallel, serial, CMS' ParNew) in use. */
    private static double survivors(String metrics) {
        return SURVIVORS.stream().mapToDouble(id -> PrometheusText.sum(metrics, "jvm_memory_used_bytes",
                Map.of("area", "heap", "id", id)).orElse(0)).sum();
    }
}

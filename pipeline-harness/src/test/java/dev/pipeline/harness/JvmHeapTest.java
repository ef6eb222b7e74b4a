package dev.pipeline.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JvmHeapTest {

    /** The JVM meters of a collector's /q/metrics (Quarkus 3.33, Micrometer 1.16, G1), trimmed. */
    private static final String PAGE = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="nonheap",id="CodeHeap 'profiled nmethods'"} 4367104.0
            jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 2097152.0
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 8.388608E7
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 2.8315192E7
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.6777216E7
            jvm_gc_live_data_size_bytes 0.0
            jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 6.320816128E9
            jvm_gc_max_data_size_bytes 4.294967296E9
            jvm_memory_usage_after_gc{area="heap",pool="long-lived"} %s
            jvm_memory_committed_bytes{area="heap",id="G1 Survivor Space"} 4194304.0
            jvm_memory_committed_bytes{area="heap",id="G1 Old Gen"} 1.34217728E8
            jvm_memory_committed_bytes{area="nonheap",id="Metaspace"} 2.8770304E7
            jvm_memory_committed_bytes{area="heap",id="G1 Eden Space"} 6.2914560E7
            """;

    @Test
    void readsTheHeapAndWhatTheLastCollectionLeft() {
        JvmHeap heap = JvmHeap.of(PAGE.formatted("0.015625"));

        assertThat(heap.usedMb()).isCloseTo(2 + 80 + 16, within(1e-9));
        assertThat(heap.committedMb()).isCloseTo(4 + 128 + 60, within(1e-9));
        assertThat(heap.maxMb()).isEqualTo(4096.0);
        // 1/64 of the 4 GiB long-lived pool, plus the 2 MiB in the survivor space
        assertThat(heap.afterGcMb()).isCloseTo(64 + 2, within(1e-9));
    }

    @Test
    void noCollectionYetMeansNoFigureAfterOne() {
        assertThat(JvmHeap.of(PAGE.formatted("0.0")).afterGcMb()).isNull();
    }

    @Test
    void aPageWithoutJvmMetersHasNoHeap() {
        assertThat(JvmHeap.of("stream_rows_written_total 1250.0\n")).isNull();
    }
}

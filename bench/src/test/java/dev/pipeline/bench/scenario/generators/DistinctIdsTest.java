package dev.pipeline.bench.scenario.generators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctIdsTest {

    private static final List<String> IDS = List.of("a", "b", "c", "b", "d", "b", "a", "e");

    private static DistinctIds counted(DistinctIds ids) {
        IDS.forEach(ids::add);
        if (ids.needsSecondPass()) {
            IDS.forEach(ids::recount);
        }
        return ids;
    }

    @Test
    void countsRowsDistinctAndRepeatedIds() {
        DistinctIds ids = counted(new DistinctIds());
        assertThat(ids.rows()).isEqualTo(8);
        assertThat(ids.distinct()).isEqualTo(5);
        assertThat(ids.seenMoreThanOnce()).isEqualTo(2); // a and b
    }

    @Test
    void staysExactWhenDifferentIdsShareAHash() {
        DistinctIds ids = counted(new DistinctIds(id -> 42L));
        assertThat(ids.rows()).isEqualTo(8);
        assertThat(ids.distinct()).isEqualTo(5);
        assertThat(ids.seenMoreThanOnce()).isEqualTo(2);
    }

    @Test
    void uniqueIdsNeedNoSecondPass() {
        DistinctIds ids = new DistinctIds();
        for (int i = 0; i < 3_000_000; i++) {
            ids.add("0190f5c2-7b1e-7" + String.format("%03x", i % 4096) + "-8000-" + String.format("%012d", i));
        }
        assertThat(ids.needsSecondPass()).isFalse();
        assertThat(ids.distinct()).isEqualTo(3_000_000);
        assertThat(ids.seenMoreThanOnce()).isZero();
    }
}

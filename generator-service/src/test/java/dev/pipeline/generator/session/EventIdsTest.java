package dev.pipeline.generator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.model.validation.EventRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void twoGeneratorsWithTheSameSeedNeverShareAnId() {
        // The same seed is the worst case: both make the very same sessions at the same moments.
        ShopTraffic first = Shop.traffic(42);
        ShopTraffic second = Shop.traffic(42);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            assertThat(ids.add(first.next().eventId())).isTrue();
            assertThat(ids.add(second.next().eventId())).isTrue();
        }
        assertThat(ids).hasSize(400_000);
    }

    @Test
    void idsAreTimeOrderedUuidVersion7WithinTheContract() throws Exception {
        EventIds ids = new EventIds();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            made.add(ids.next());
        }
        for (String id : made) {
            assertThat(EventRules.eventId(id)).isEqualTo(id);
            assertThat(UUID.fromString(id).version()).isEqualTo(7);
        }
        assertThat(made).as("one generator's ids sort in the order they were made").isSorted();
    }
}

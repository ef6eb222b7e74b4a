package dev.pipeline.generator.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pipeline.generator.session.Shop;
import dev.pipeline.model.UserEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventMixTest {

    @Test
    void mixesInvalidAndDuplicateEventsInTheConfiguredShares() {
        RecentlyAcked acked = new RecentlyAcked();
        EventMix mix = new EventMix(Shop.traffic(31), acked, 0.10, 0.05, new SplittableRandom(31));
        List<UserEvent> firstAcked = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            OutgoingEvent event = mix.next();
            if (event.kind() == OutgoingEvent.Kind.FRESH) {
                firstAcked.add(event.event());
            }
        }
        acked.addAll(firstAcked);
        Set<UserEvent> ackedEvents = new HashSet<>(firstAcked);

        Map<OutgoingEvent.Kind, Integer> kinds = new EnumMap<>(OutgoingEvent.Kind.class);
        for (int i = 0; i < 100_000; i++) {
            OutgoingEvent event = mix.next();
            kinds.merge(event.kind(), 1, Integer::sum);
            if (event.kind() == OutgoingEvent.Kind.DUPLICATE) {
                assertThat(ackedEvents).as("a duplicate repeats an acknowledged event, id and content").contains(event.event());
            }
            if (event.kind() == OutgoingEvent.Kind.INVALID) {
                assertThat(event.brokenRule()).isNotNull();
            }
        }
        assertThat(kinds.get(OutgoingEvent.Kind.INVALID) / 100_000.0).isCloseTo(0.10, within(0.01));
        assertThat(kinds.get(OutgoingEvent.Kind.DUPLICATE) / 100_000.0).isCloseTo(0.05, within(0.005));
    }

    @Test
    void sendsNewEventsWhileNothingIsAcknowledgedYet() {
        EventMix mix = new EventMix(Shop.traffic(32), new RecentlyAcked(), 0, 1, new SplittableRandom(32));
        for (int i = 0; i < 1000; i++) {
            assertThat(mix.next().kind()).isEqualTo(OutgoingEvent.Kind.FRESH);
        }
    }

    @Test
    void refusesSharesThatCannotBeMet() {
        assertThatThrownBy(() -> new EventMix(Shop.traffic(33), new RecentlyAcked(), 0.7, 0.4, new SplittableRandom()))
                .hasMessageContaining("generator.invalid-ratio");
    }
}

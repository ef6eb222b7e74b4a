package dev.pipeline.generator.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pipeline.generator.session.Shop;
import dev.pipeline.generator.session.ShopTraffic;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.json.EventJson;
import dev.pipeline.model.validation.EventRejectedException;
import dev.pipeline.model.validation.Reason;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvalidEventsTest {

    @Test
    void everyInvalidEventFailsForTheRuleItBreaks() throws Exception {
        ShopTraffic traffic = Shop.traffic(21);
        InvalidEvents invalid = new InvalidEvents();
        Map<Reason, Integer> failures = new EnumMap<>(Reason.class);
        for (int i = 0; i < 11_000; i++) {
            Reason rule = invalid.nextRule();
            String json = write(traffic.next(), rule);
            EventRejectedException rejected = catchThrowableOfType(EventRejectedException.class,
                    () -> EventJson.read(EventJson.MAPPER.readTree(json), Instant.now()));
            assertThat(rejected).as(json).isNotNull();
            assertThat(rejected.rejection().reason()).as(json).isEqualTo(rule);
            failures.merge(rule, 1, Integer::sum);
        }
        assertThat(failures).containsOnlyKeys(InvalidEvents.BROKEN_RULES).allSatisfy((rule, n) -> assertThat(n).isEqualTo(1000));
    }

    @Test
    void rulesAreBrokenInTurn() {
        InvalidEvents invalid = new InvalidEvents();
        List<Reason> rules = new ArrayList<>();
        for (int i = 0; i < 2 * InvalidEvents.BROKEN_RULES.size(); i++) {
            rules.add(invalid.nextRule());
        }
        List<Reason> twice = new ArrayList<>(InvalidEvents.BROKEN_RULES);
        twice.addAll(InvalidEvents.BROKEN_RULES);
        assertThat(rules).isEqualTo(twice);
    }

    @Test
    void theEventIdStaysTraceableWhereTheIdIsNotTheBrokenRule() throws Exception {
        UserEvent event = Shop.traffic(22).next();
        for (Reason rule : InvalidEvents.BROKEN_RULES) {
            assertThat(write(event, rule)).contains(event.eventId());
        }
    }

    private static String write(UserEvent event, Reason rule) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = EventJson.MAPPER.getFactory().createGenerator(out)) {
            InvalidEvents.write(event, rule, json);
        }
        return out.toString();
    }
}

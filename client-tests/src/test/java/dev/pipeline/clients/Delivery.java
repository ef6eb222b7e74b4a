package dev.pipeline.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.clients.ClientPipeline.StoredEvent;
import dev.pipeline.harness.reconcile.QuarantineIds;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What every client test asserts once its SDK has sent a {@link Plan}: where each call ended up. */
final class Delivery {

    /** Clock reading and SDK batching between the script's start and end and the stamp the SDK put on a call. */
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final Duration QUARANTINE_TIMEOUT = Duration.ofSeconds(30);

    private Delivery() {
    }

    /**
     * Every e-commerce call of the plan is in {@code user_events} as the rows it maps to, each exactly once, and
     * nothing else of the plan is; an {@code event_timestamp} is the call's own timestamp when it gave one, else
     * a time while the SDK was sending.
     *
     * @param userOf the user id a call's rows must carry
     * @param otherUsers user ids without the plan's prefix that the rows may carry (a browser's visitor id)
     * @param report the script's report: where it lists the SDK's message ids ({@code messageIds}, by call), a
     *     call that makes one row must have made it under that id, as the SDK's own id is a valid event_id
     */
    static void assertStoredOnce(ClientPipeline pipeline, Plan plan, Function<Plan.Call, String> userOf,
            List<String> otherUsers, JsonNode report, Instant sendStarted, Instant sendEnded) throws SQLException {
        List<Plan.Expected> expected = plan.expected(userOf);
        pipeline.awaitLoaded(plan.prefix(), otherUsers, expected.size());
        List<StoredEvent> stored = pipeline.storedEvents(plan.prefix(), otherUsers);

        assertThat(stored.stream().map(StoredEvent::row).toList())
                .as("rows of user_events from the calls with prefix %s, each exactly once and nothing else."
                        + "%nQuarantined records of these calls:%n%s%n%s", plan.prefix(), quarantinedOf(pipeline, plan),
                        pipeline.whereToLook())
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(Plan.Expected::row).toList());

        Map<Row, StoredEvent> byRow = stored.stream().collect(Collectors.toMap(StoredEvent::row, Function.identity()));
        List<String> wrongTimes = new ArrayList<>();
        for (Plan.Expected row : expected) {
            Instant actual = byRow.get(row.row()).eventTimestamp();
            boolean right = row.timestamp() != null ? row.timestamp().equals(actual)
                    : !actual.isBefore(sendStarted.minus(SLACK)) && !actual.isAfter(sendEnded.plus(SLACK));
            if (!right) {
                wrongTimes.add(row.row() + ": event_timestamp " + actual + ", expected "
                        + (row.timestamp() != null ? row.timestamp()
                                : "between " + sendStarted + " and " + sendEnded + " (sent then)"));
            }
        }
        assertThat(wrongTimes).as("event_timestamp: the call's own timestamp, else when it was made").isEmpty();

        JsonNode messageIds = report.path("messageIds");
        if (messageIds.isArray()) {
            List<String> wrongIds = new ArrayList<>();
            for (Plan.Expected row : expected) {
                String messageId = messageIds.path(row.call()).asText("");
                String eventId = byRow.get(row.row()).eventId();
                if (row.onlyRowOfItsCall() && !messageId.isEmpty() && !messageId.equals(eventId)) {
                    wrongIds.add(row.row() + ": event_id " + eventId + ", the SDK's message id " + messageId);
                }
            }
            assertThat(wrongIds).as("event_id of a call that makes one row: the SDK's own message id, unchanged").isEmpty();
        }
    }

    /**
     * Every call that is no e-commerce event was kept in {@code error/} (found by its marker) with reason
     * code {@code unmapped_event}, and under no other reason, and counted in the collector's metrics: one
     * each, or more when the SDK sent some again after a lost answer.
     *
     * @param countedBefore {@link ClientPipeline#unmappedCounted()} before the plan was sent
     */
    static void assertKeptAsUnmapped(ClientPipeline pipeline, Plan plan, double countedBefore)
            throws IOException, InterruptedException {
        ClientPipeline.waitQuietly(QUARANTINE_TIMEOUT, () -> {
            List<QuarantineIds.Record> records = pipeline.quarantine();
            return plan.markers().stream().allMatch(marker -> !Quarantined.mentioning(records, marker).isEmpty());
        });
        List<QuarantineIds.Record> records = pipeline.quarantine();
        for (String marker : plan.markers()) {
            List<QuarantineIds.Record> found = Quarantined.mentioning(records, marker);
            assertThat(found).as("quarantine records of the call marked %s (%s)", marker, pipeline.whereToLook()).isNotEmpty();
            assertThat(found).as("reason codes of the call marked %s: %s", marker,
                            found.stream().map(Quarantined::show).toList())
                    .extracting(QuarantineIds.Record::reason).containsOnly("unmapped_event");
        }
        double counted = pipeline.unmappedCounted() - countedBefore;
        String metric = "collector_events_rejected_total{reason=\"unmapped_event\"} grew by";
        if (plan.answersToLose() == 0) {
            assertThat(counted).as(metric).isEqualTo(plan.markers().size());
        } else {
            assertThat(counted).as(metric).isGreaterThanOrEqualTo(plan.markers().size());
        }
    }

    /** The quarantine records that mention the plan's prefix, for a failure message. */
    private static String quarantinedOf(ClientPipeline pipeline, Plan plan) {
        List<String> shown = Quarantined.mentioning(pipeline.quarantine(), plan.prefix()).stream()
                .map(Quarantined::show).toList();
        return shown.isEmpty() ? "  (none)" : "  " + String.join("\n  ", shown);
    }
}

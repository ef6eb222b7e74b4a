package dev.pipeline.generator.sending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.generator.sending.CollectorAnswer.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CollectorAnswerTest {

    @Test
    void readsTheCountsOfA202() {
        CollectorAnswer answer = answer(202, "{\"accepted\":97,\"rejected\":3,\"errors\":[]}");
        assertThat(answer.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(answer.accepted()).isEqualTo(97);
        assertThat(answer.rejected()).isEqualTo(3);
    }

    @Test
    void a400WithCountsIsAQuarantinedBatchAndOneWithoutIsARefusal() {
        assertThat(answer(400, "{\"accepted\":0,\"rejected\":5,\"errors\":[]}").outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(answer(400, "{\"error\":\"body is not JSON\"}").outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void retriesWhatMayPassLaterAndGivesUpWhatWillNot() {
        for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
            assertThat(answer(status, "{}").outcome()).as("status %d", status).isEqualTo(Outcome.RETRY);
        }
        for (int status : new int[] {401, 403, 404, 413, 415}) {
            assertThat(answer(status, "{}").outcome()).as("status %d", status).isEqualTo(Outcome.FAILED);
        }
    }

    @Test
    void anUnreadable202StillCountsAsAccepted() {
        CollectorAnswer answer = answer(202, "accepted");
        assertThat(answer.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(answer.accepted()).isEqualTo(-1);
    }

    private static CollectorAnswer answer(int status, String body) {
        return CollectorAnswer.of(status, Optional.empty(), body.getBytes(StandardCharsets.UTF_8));
    }
}

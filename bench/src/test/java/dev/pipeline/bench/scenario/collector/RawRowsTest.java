package dev.pipeline.bench.scenario.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawRowsTest {

    private static final String HEADER = "event_id,user_id,event_type,product_id,price,event_timestamp,received_at\n";

    @TempDir
    Path raw;

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void readsReceivedAtQuotedOrNotWithAnyFractionAndCommasInAUserId() {
        RawRows rows = new RawRows(raw);
        String file = HEADER
                + "\"node-next-1796592423973-a84b2de8-0000-4a84-a000-000000000002\",u-0,view,p-0,0.50,2026-12-06T21:27:03.973Z,"
                + "\"2026-12-06T21:27:05.103218200Z\"\n"
                + "e-2,\"Zoë, \"\"VIP\"\" 42\",view,p-1,1.00,2026-12-06T21:27:03Z,2026-12-06T21:27:06Z\n"
                + "e-3,u-1,view,p-1,1.00,2026-12-06T21:27:03Z,2026-12-06T21:27:06.9Z\n"
                + "e-4,u-1,view,p-1,1.00,2026-12-06T21:27:03Z,\"2026-12-07T00:00:00.000001Z\"\n";
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        assertThat(rows.count(bytes, ms("2026-12-06T21:27:05.103Z"), ms("2026-12-06T21:27:06.900Z"))).isEqualTo(2);
        assertThat(rows.rows()).isEqualTo(4);
        assertThat(rows.count(bytes, ms("2026-12-06T21:27:06.900Z"), ms("2026-12-07T00:00:00.001Z"))).isEqualTo(2);
        assertThat(rows.rows()).isEqualTo(8);
    }

    @Test
    void readsEachFileOnceAndOnlyCsvFiles() throws Exception {
        Files.writeString(raw.resolve("events-1.csv"), HEADER + "e-1,u,view,p,1.00,2026-12-06T21:27:03Z,2026-12-06T21:27:05Z\n");
        Files.writeString(raw.resolve("events-0.csv"), HEADER);
        Files.writeString(raw.resolve("notes.txt"), HEADER + "e-9,u,view,p,1.00,2026-12-06T21:27:03Z,2026-12-06T21:27:05Z\n");
        RawRows rows = new RawRows(raw);
        assertThat(rows.readNew(0, Long.MAX_VALUE)).isEqualTo(1);
        Files.writeString(raw.resolve("events-2.csv"), HEADER + "e-2,u,view,p,1.00,2026-12-06T21:27:03Z,2026-12-06T21:27:07Z\n"
                + "e-3,u,view,p,1.00,2026-12-06T21:27:03Z,2026-12-06T21:27:08Z");
        assertThat(rows.readNew(ms("2026-12-06T21:27:07Z"), ms("2026-12-06T21:27:08Z"))).isEqualTo(1);
        assertThat(rows.rows()).isEqualTo(3);
    }
}

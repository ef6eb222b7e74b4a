package dev.pipeline.bench.scenario.generators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.model.csv.EventCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawIdsCheckTest {

    @TempDir
    Path data;

    private void write(String file, String text) throws Exception {
        Path path = data.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    @Test
    void readsTheIdsOfEveryRawFileAfterItsHeader() throws Exception {
        write("raw/2026/a.csv", EventCsv.HEADER + "id-1,u1,view,p1,1.00,t,r\nid-2,\"u,2\",view,p1,1.00,t,r\n");
        write("raw/2026/b.csv", EventCsv.HEADER + "id-3,u3,view,p1,1.00,t,r\n");
        write("raw/ignored.txt", "not a csv\n");
        RawIdsCheck check = RawIdsCheck.of(data);
        assertThat(check).isEqualTo(new RawIdsCheck(2, 0, 3, 3, 0, 0, 1));
        assertThat(check.addsUp(3L)).isTrue();
        assertThat(check.addsUp(null)).isTrue();
        assertThat(check.addsUp(4L)).isFalse();
        assertThat(check.toJson(3L).path("duplicate_ids").asLong()).isZero();
    }

    @Test
    void reportsARepeatedIdABadHeaderAndAnUnpublishedFile() throws Exception {
        write("raw/a.csv", EventCsv.HEADER + "id-1,u1,view,p1,1.00,t,r\nid-2,u2,view,p1,1.00,t,r\n");
        write("raw/b.csv", "event_id,user\nid-1,u1,view,p1,1.00,t,r\n");
        write("work/c.csv.part", EventCsv.HEADER);
        RawIdsCheck check = RawIdsCheck.of(data);
        assertThat(check).isEqualTo(new RawIdsCheck(2, 1, 3, 2, 1, 1, 1));
        assertThat(check.toJson(null).path("duplicate_ids").asLong()).isEqualTo(1);
        assertThat(check.toJson(null).path("collector_accepted").isNull()).isTrue();
        assertThat(check.addsUp(null)).isFalse();
    }
}

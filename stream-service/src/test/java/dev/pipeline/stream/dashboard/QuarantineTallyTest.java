package dev.pipeline.stream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineTallyTest {

    @TempDir
    Path error;

    @Test
    void countsTheRecordsOfEveryPublishedFileByReasonAndShowsTheLatest() throws IOException {
        QuarantineTally tally = new QuarantineTally();
        assertThat(tally.refresh(error.resolve("missing")).total()).isZero();

        write("quarantine-1.ndjson", 1000,
                "{\"reason\":\"price_scale: too many decimals\",\"reason_code\":\"price_scale\",\"source\":\"POST /events\",\"raw\":\"a\"}",
                "{\"reason\":\"empty: user_id is empty\",\"source\":\"POST /events\",\"raw\":\"b\"}");
        write("stream-b1-x.csv.ndjson", 2000,
                "{\"reason\":\"csv_column_count: 3 fields\",\"reason_code\":\"csv_column_count\",\"source\":\"raw/x.csv:2\",\"raw\":\"<b>x</b>\"}");
        write(".stream-b2-y.csv.ndjson.tmp", 3000, "{\"reason\":\"empty: not yet published\",\"raw\":\"c\"}");
        write("notes.txt", 3000, "not a quarantine file");

        QuarantineTally.Figures figures = tally.refresh(error);
        assertThat(figures.total()).isEqualTo(3);
        assertThat(figures.byReason()).isEqualTo(Map.of("price_scale", 1L, "empty", 1L, "csv_column_count", 1L));
        assertThat(figures.latest()).extracting(QuarantineTally.Record::raw).containsExactly("<b>x</b>", "b", "a");
        assertThat(figures.latest().get(0).reason()).isEqualTo("csv_column_count: 3 fields");

        Files.delete(error.resolve("quarantine-1.ndjson"));
        write("quarantine-2.ndjson", 4000, "not json");
        figures = tally.refresh(error);
        assertThat(figures.total()).isEqualTo(2);
        assertThat(figures.byReason()).isEqualTo(Map.of("csv_column_count", 1L, "unreadable_record", 1L));
        assertThat(figures.latest()).extracting(QuarantineTally.Record::raw).containsExactly("not json", "<b>x</b>");
    }

    @Test
    void showsTheStartOfALongRawTextWithoutSplittingACharacter() {
        String raw = "x".repeat(QuarantineTally.RAW_SHOWN - 1) + "😀😀";
        assertThat(QuarantineTally.shortened(raw)).isEqualTo("x".repeat(QuarantineTally.RAW_SHOWN - 1) + "😀…");
        assertThat(QuarantineTally.shortened("short")).isEqualTo("short");
    }

    private void write(String name, long modifiedMillis, String... lines) throws IOException {
        Path file = Files.writeString(error.resolve(name), String.join("\n", lines) + "\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
    }
}

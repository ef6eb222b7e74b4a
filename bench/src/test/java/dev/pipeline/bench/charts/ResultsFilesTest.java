package dev.pipeline.bench.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFilesTest {

    private static final String SUSTAIN = "{\"sustain\": {\"rate\": 1}}";

    @Test
    void theSustainPartComesFromTheNewestFileThatHasIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("e2e-2026-01-01T000000Z.json"), SUSTAIN);
        Files.writeString(dir.resolve("sustain-2026-02-01T000000Z.json"), SUSTAIN);
        // newer, but without a sustain part (e2e after the split), or not readable
        Files.writeString(dir.resolve("e2e-2026-03-01T000000Z.json"), "{\"configs\": []}");
        Files.writeString(dir.resolve("sustain-2026-04-01T000000Z.json"), "not JSON");
        Files.writeString(dir.resolve("sustained-2026-05-01T000000Z.json"), SUSTAIN);

        assertThat(ResultsFiles.newestWith(dir, List.of("sustain", "e2e"), "sustain"))
                .hasValueSatisfying(r -> assertThat(r.file().getFileName()).hasToString("sustain-2026-02-01T000000Z.json"));
    }

    @Test
    void anOlderE2eFileStillGivesTheSustainPart(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("e2e-2026-01-01T000000Z.json"), SUSTAIN);
        Files.writeString(dir.resolve("e2e-2026-03-01T000000Z.json"), "{\"configs\": []}");

        assertThat(ResultsFiles.newestWith(dir, List.of("sustain", "e2e"), "sustain"))
                .hasValueSatisfying(r -> assertThat(r.file().getFileName()).hasToString("e2e-2026-01-01T000000Z.json"));
        assertThat(ResultsFiles.newest(dir, "e2e"))
                .hasValueSatisfying(r -> assertThat(r.file().getFileName()).hasToString("e2e-2026-03-01T000000Z.json"));
    }

    @Test
    void noneWhenNoFileHasIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("e2e-2026-03-01T000000Z.json"), "{\"configs\": []}");

        assertThat(ResultsFiles.newestWith(dir, List.of("sustain", "e2e"), "sustain")).isEmpty();
        assertThat(ResultsFiles.newestWith(dir.resolve("missing"), List.of("sustain"), "sustain")).isEmpty();
    }
}

package dev.pipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.model.csv.EventCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFilesTest {

    @Test
    void writesTheContractsHeaderAndRows(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("csv");
        CsvFiles.write(new String[] {"--out", out.toString(), "--files", "2", "--rows-per-file", "3", "--span", "1h",
                "--seed", "7", "--name", "t"});
        List<String> lines = Files.readAllLines(out.resolve("t-00001.csv"));
        assertThat(lines.get(0) + "\n").isEqualTo(EventCsv.HEADER);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1).split(",")).hasSize(7);
    }
}

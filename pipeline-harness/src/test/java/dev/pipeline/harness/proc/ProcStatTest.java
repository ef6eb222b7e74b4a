package dev.pipeline.harness.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.Sleeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {

    @TempDir
    Path tmp;

    @Test
    void aBusyChildUsesCpuAndMemoryAndTheMachineSeesIt() throws Exception {
        MachineCpu before = MachineCpu.now();
        ChildProcess spinner = ChildProcess.java("spinner",
                List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"), Sleeper.class.getName(), "spin"))
                .log(tmp.resolve("spinner.log")).start();
        try (RssSampler sampler = RssSampler.start(spinner.pid())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> ProcStat.cpuSeconds(spinner.pid()) > 0.5);
            ProcStat.Rss rss = ProcStat.rss(spinner.pid());
            assertThat(rss.mb()).as("VmRSS of a running JVM, MB").isGreaterThan(10);
            assertThat(rss.peakMb()).isGreaterThanOrEqualTo(rss.mb());
            await().atMost(Duration.ofSeconds(10)).until(() -> sampler.samples().size() >= 2);
            assertThat(sampler.peakMb()).isGreaterThan(10);
        } finally {
            spinner.kill9();
        }
        MachineCpu after = MachineCpu.now();
        assertThat(after.coresBusySince(before)).isGreaterThan(0).isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(after.busySecondsSince(before)).isGreaterThan(0.5);
    }

    @Test
    void theParentCountsWhatItsChildrenUsedWhileTheyRunAndAfterTheyEnd() throws Exception {
        long self = ProcessHandle.current().pid();
        double before = ProcStat.childrenCpuSeconds(self);
        ChildProcess spinner = ChildProcess.java("spinner",
                List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"), Sleeper.class.getName(), "spin"))
                .log(tmp.resolve("spinner.log")).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> ProcStat.childrenCpuSeconds(self) - before > 0.5);
        spinner.kill9();
        assertThat(ProcStat.childrenCpuSeconds(self) - before).as("counted once reaped too").isGreaterThan(0.5);
    }

    @Test
    void aThreadIsCountedByItsNameAndAProcessWithItsChildren() throws Exception {
        long self = ProcessHandle.current().pid();
        double before = ProcStat.threadsCpuSeconds(self, "procstat-burner");
        Thread burner = new Thread(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            double x = 0;
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() < until) {
                x += Math.sqrt(x + 1);
            }
        }, "procstat-burner");
        burner.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcStat.threadsCpuSeconds(self, "procstat-burner") - before > 0.3);
            assertThat(ProcStat.threadsCpuSeconds(self, "no-thread-is-named-so")).isZero();
            // Read in this order, each later reading takes in at least what the earlier one counted.
            double thread = ProcStat.threadsCpuSeconds(self, "procstat-burner");
            double process = ProcStat.cpuSeconds(self);
            double withChildren = ProcStat.cpuSecondsWithChildren(self);
            assertThat(process).isGreaterThanOrEqualTo(thread);
            assertThat(withChildren).isGreaterThanOrEqualTo(process);
        } finally {
            burner.interrupt();
            burner.join();
        }
    }

    @Test
    void aProcessThatIsGoneReadsAsNothingUsed() {
        long gone = Long.MAX_VALUE;
        assertThat(ProcStat.cpuSeconds(gone)).isZero();
        assertThat(ProcStat.childrenCpuSeconds(gone)).isZero();
        assertThat(ProcStat.cpuSecondsWithChildren(gone)).isZero();
        assertThat(ProcStat.threadsCpuSeconds(gone, "")).isZero();
        assertThat(ProcStat.rss(gone).mb()).isZero();
    }
}

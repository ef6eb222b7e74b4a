package dev.pipeline.stream.dashboard;

import dev.pipeline.stream.config.PipelineConfig;
import dev.pipeline.stream.observability.LagReport;
import dev.pipeline.stream.observability.PendingFiles;
import dev.pipeline.stream.observability.StreamStatus;
import dev.pipeline.stream.query.BatchOutcome;
import dev.pipeline.stream.query.RawToPostgresQuery;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Computes what the dashboard shows, on one thread, every {@link #STEP}: requests only read the last
 * result, so any number of open pages cost the service what one does, and PostgreSQL sees one
 * dashboard query at a time. The stream's own figures (rates, latency, what waits in {@code raw/})
 * are sampled always, for the charts' history; PostgreSQL and {@code error/} are read only while a
 * page has asked within {@link #VIEWERS_GONE}.
 */
@ApplicationScoped
public class DashboardRefresher {

    static final Duration STEP = Duration.ofSeconds(2);
    static final Duration HISTORY = Duration.ofMinutes(15);
    static final Duration VIEWERS_GONE = Duration.ofMinutes(5);
    /** {@code rows_per_second} is over this span. */
    static final Duration RATE_SPAN = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(DashboardRefresher.class);

    private final AgroalDataSource dataSource;
    private final StreamStatus status;
    private final RawToPostgresQuery query;
    private final MeterRegistry registry;
    private final Path errorDir;
    private final RateHistory history = new RateHistory(HISTORY.toMillis());
    private final EventsTally events = new EventsTally();
    private final QuarantineTally quarantine = new QuarantineTally();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread refresher = new Thread(runnable, "dashboard-refresher");
        refresher.setDaemon(true);
        return refresher;
    });

    private volatile long lastViewedAt;
    private volatile DashboardView view;
    private EventsTally.Figures eventFigures;
    private QuarantineTally.Figures quarantineFigures;
    private String postgresError;

    DashboardRefresher(AgroalDataSource dataSource, StreamStatus status, RawToPostgresQuery query, MeterRegistry registry,
            PipelineConfig pipeline) {
        this.dataSource = dataSource;
        this.status = status;
        this.query = query;
        this.registry = registry;
        this.errorDir = pipeline.dataDir().toAbsolutePath().normalize().resolve("error");
    }

    void start(@Observes StartupEvent started) {
        thread.scheduleWithFixedDelay(this::refresh, 0, STEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        thread.shutdownNow();
    }

    /** The latest figures; a page asking after a pause gets fresh ones from the next refresh, at once. */
    public DashboardView view() {
        long now = System.currentTimeMillis();
        boolean wasWatched = watched(now);
        lastViewedAt = now;
        if (!wasWatched) {
            thread.execute(this::refresh);
        }
        return view;
    }

    private boolean watched(long now) {
        return now - lastViewedAt < VIEWERS_GONE.toMillis();
    }

    private void refresh() {
        try {
            long now = System.currentTimeMillis();
            BatchOutcome last = status.lastBatch();
            LagReport lag = LagReport.of(PendingFiles.scan(query.rawDir(), last == null ? Set.of() : last.files()),
                    status, query.isActive(), now);
            double written = count("stream.rows.written");
            history.add(new RateHistory.Sample(now, written,
                    written + count("stream.duplicates.dropped") + count("stream.rows.quarantined"),
                    lag.e2eLatencyMs().p50(), lag.e2eLatencyMs().p99()));
            if (watched(now)) {
                readPostgres(now);
                readQuarantine();
            }
            view = view(now, lag);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Dashboard refresh failed");
        }
    }

    private void readPostgres(long now) {
        try (Connection connection = dataSource.getConnection()) {
            EventsTally.Figures figures = events.refresh(connection, Instant.ofEpochMilli(now));
            if (figures != null) {
                eventFigures = figures;
            }
            postgresError = null;
        } catch (SQLException e) {
            postgresError = e.getMessage();
        }
    }

    private void readQuarantine() {
        try {
            quarantineFigures = quarantine.refresh(errorDir);
        } catch (IOException e) {
            LOG.warnf("Dashboard: could not read %s: %s", errorDir, e.getMessage());
        }
    }

    private DashboardView view(long now, LagReport lag) {
        EventsTally.Figures table = eventFigures;
        QuarantineTally.Figures quarantined = quarantineFigures;
        DashboardView.Funnel funnel = table == null ? null : funnel(table.funnel());
        return new DashboardView(now, STEP.toMillis(),
                table == null ? null : table.rowsTotal(),
                history.rowsPerSecond(RATE_SPAN.toMillis()),
                lag.pendingFiles(), lag.pendingBytes(), lag.oldestPendingAgeMs(),
                lag.e2eLatencyMs().p50(), lag.e2eLatencyMs().p99(),
                quarantined == null ? null : quarantined.total(),
                quarantined == null ? Map.of() : quarantined.byReason(),
                quarantined == null ? List.of() : quarantined.latest(),
                funnel,
                table == null ? List.of() : table.topProducts(),
                new DashboardView.Health(lag.queryActive(), lag.failingBatch(), postgresError == null && table != null,
                        postgresError),
                history.series());
    }

    private static DashboardView.Funnel funnel(EventsTally.Funnel counts) {
        return new DashboardView.Funnel(counts.view(), counts.addToCart(), counts.purchase(),
                percent(counts.addToCart(), counts.view()), percent(counts.purchase(), counts.addToCart()));
    }

    /** {@code part} in percent of {@code whole}, one decimal; null when there is no whole. */
    private static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    private double count(String counter) {
        Counter found = registry.find(counter).counter();
        return found == null ? 0 : found.count();
    }
}

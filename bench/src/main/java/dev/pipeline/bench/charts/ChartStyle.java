package dev.pipeline.bench.charts;

import dev.pipeline.bench.charts.ResultsFiles.Results;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The one look of every chart: size, fonts, colours, the dashed goal lines, and the caption band under
 * the chart that names the goal lines and the results file. XChart has no subtitle, and its annotations
 * have no legend entry, so both go in a band drawn here below the chart.
 */
final class ChartStyle {

    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    /** Okabe–Ito colours: told apart also by colour-blind readers. */
    static final Color BLUE = new Color(0x0072B2);
    static final Color ORANGE = new Color(0xE69F00);
    static final Color GREEN = new Color(0x009E73);
    static final Color PINK = new Color(0xCC79A7);
    static final Color SKY = new Color(0x56B4E9);
    static final Color VERMILLION = new Color(0xD55E00);
    static final Color[] SERIES = {BLUE, ORANGE, GREEN, PINK, SKY, VERMILLION};

    /** A second line of one colour: p99 beside p50, the heap beside the RSS. */
    static final BasicStroke DOTTED =
            new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 5f}, 0f);

    private static final Color GOAL = new Color(0xC0392B);
    private static final Color GREY = new Color(0x555555);
    private static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {9f, 6f}, 0f);
    private static final String FONT = Font.SANS_SERIF;
    private static final int CAPTION_LINE = 17;
    private static final Font CAPTION_FONT = new Font(FONT, Font.PLAIN, 12);
    private static final int MARGIN = 14;

    /** A target a figure should meet, drawn as a dashed horizontal line at {@code value} (in the y axis' unit). */
    record Goal(String label, double value) {}

    /** What the band under the chart says besides the source: the goals and a note on what is plotted. */
    record Caption(Results source, String note, List<Goal> goals) {

        Caption(Results source, String note, Goal... goals) {
            this(source, note, List.of(goals));
        }
    }

    private ChartStyle() {}

    static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        common(chart.getStyler());
        chart.getStyler().setMarkerSize(8);
        return chart;
    }

    static CategoryChart bars(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        common(chart.getStyler());
        chart.getStyler().setLabelsVisible(true)
                .setLabelsFont(new Font(FONT, Font.BOLD, 12))
                .setLabelsPosition(0.92)
                .setAvailableSpaceFill(0.7);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        return chart;
    }

    private static void common(AxesChartStyler styler) {
        styler.setLocale(Locale.ROOT);
        styler.setBaseFont(new Font(FONT, Font.PLAIN, 13));
        styler.setChartTitleFont(new Font(FONT, Font.BOLD, 17));
        styler.setChartTitleBoxVisible(false);
        styler.setAxisTitleFont(new Font(FONT, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 12));
        styler.setLegendFont(new Font(FONT, Font.PLAIN, 13));
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(0xBBBBBB));
        styler.setPlotGridLinesColor(new Color(0xE4E4E4));
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        styler.setSeriesColors(SERIES);
        styler.setAnnotationLineColor(GOAL);
        styler.setAnnotationLineStroke(DASHED);
        styler.setAnnotationTextFont(new Font(FONT, Font.BOLD, 12));
        styler.setAnnotationTextFontColor(GOAL);
        styler.setDecimalPattern("#,##0.##");
        styler.setYAxisDecimalPattern("#,##0.##");
        styler.setXAxisDecimalPattern("#,##0.##");
    }

    /** Draws each goal as a dashed line across the plot, and keeps the highest goal on the chart. */
    static void goals(Chart<? extends AxesChartStyler, ?> chart, double dataMax, Collection<Goal> goals) {
        double top = dataMax;
        for (Goal goal : goals) {
            chart.addAnnotation(new AnnotationLine(goal.value(), false, false));
            top = Math.max(top, goal.value());
        }
        top(chart, top);
    }

    /**
     * Sets the y axis' top a little above {@code max}: XChart scales the axis to the series only (not to
     * the goal lines), and with one bar it would label just 0 and that bar's height.
     */
    static void top(Chart<? extends AxesChartStyler, ?> chart, double max) {
        if (max > 0 && !chart.getStyler().isYAxisLogarithmic()) {
            chart.getStyler().setYAxisMax(max * 1.1);
        }
    }

    /** Paints the charts side by side above the caption band and writes a PNG of {@link #WIDTH}×{@link #HEIGHT}. */
    static Path save(Path file, Caption caption, Chart<?, ?>... charts) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(CAPTION_FONT);
            List<String> text = new ArrayList<>();
            if (caption.note() != null && !caption.note().isEmpty()) {
                text.addAll(wrap(caption.note(), g.getFontMetrics(), WIDTH - 2 * MARGIN));
            }
            text.add(caption.source().source());
            int band = (text.size() + (caption.goals().isEmpty() ? 0 : 1)) * CAPTION_LINE + 12;
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int each = WIDTH / charts.length;
            for (int i = 0; i < charts.length; i++) {
                Graphics2D part = (Graphics2D) g.create(i * each, 0, each, HEIGHT - band);
                try {
                    charts[i].paint(part, each, HEIGHT - band);
                } finally {
                    part.dispose();
                }
            }
            drawCaption(g, caption.goals(), text, HEIGHT - band);
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static void drawCaption(Graphics2D g, List<Goal> goals, List<String> text, int top) {
        g.setColor(new Color(0xDDDDDD));
        g.drawLine(MARGIN, top + 2, WIDTH - MARGIN, top + 2);
        int y = top + CAPTION_LINE;
        if (!goals.isEmpty()) {
            g.setFont(new Font(FONT, Font.PLAIN, 13));
            int x = MARGIN;
            for (Goal goal : goals) {
                g.setColor(GOAL);
                g.setStroke(DASHED);
                g.drawLine(x, y - 5, x + 32, y - 5);
                x += 40;
                g.drawString(goal.label(), x, y);
                x += g.getFontMetrics().stringWidth(goal.label()) + 24;
            }
            y += CAPTION_LINE;
        }
        g.setFont(CAPTION_FONT);
        g.setColor(GREY);
        for (String line : text) {
            g.drawString(line, MARGIN, y);
            y += CAPTION_LINE;
        }
    }

    /** Breaks a note into lines that fit {@code width} pixels, at spaces. */
    private static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && metrics.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    static String thousands(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}

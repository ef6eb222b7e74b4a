package dev.pipeline.bench.scenario;

import java.util.List;

/**
 * A straight line fitted by least squares to readings taken over time: does a figure (the lag, a
 * process's memory, a folder's size) grow while a rate is held?
 */
public final class Trend {

    /** One reading: seconds from the start, and the figure. */
    public record Point(double tS, double value) {
    }

    private Trend() {
    }

    /** The slope in the figure's unit per minute; null with fewer than two points or all at one time. */
    public static Double slopePerMinute(List<Point> points) {
        int n = points.size();
        if (n < 2) {
            return null;
        }
        double tm = points.stream().mapToDouble(p -> p.tS() / 60).sum() / n;
        double ym = points.stream().mapToDouble(Point::value).sum() / n;
        double sxx = 0;
        double sxy = 0;
        for (Point point : points) {
            double dt = point.tS() / 60 - tm;
            sxx += dt * dt;
            sxy += dt * (point.value() - ym);
        }
        return sxx > 0 ? sxy / sxx : null;
    }

    /** The mean of the figures; null for none. */
    public static Double mean(List<Point> points) {
        return points.isEmpty() ? null : points.stream().mapToDouble(Point::value).average().orElseThrow();
    }
}

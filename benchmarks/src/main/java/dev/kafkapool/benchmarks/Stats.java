package dev.kafkapool.benchmarks;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Medians and number formatting for the reports. */
public final class Stats {

    private Stats() {
    }

    public static double median(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static double min(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public static double max(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** {@code median (min–max)} of the runs. */
    public static String spread(Collection<Double> values, String format) {
        return fmt(format, median(values)) + " (" + fmt(format, min(values)) + "–" + fmt(format, max(values)) + ")";
    }

    public static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }

    /** The values, for raw result files. */
    public static String list(Collection<Double> values, String format) {
        return Arrays.toString(values.stream().map((v) -> fmt(format, v)).toArray());
    }

}

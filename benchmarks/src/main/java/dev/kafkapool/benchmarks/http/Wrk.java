package dev.kafkapool.benchmarks.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wrk} (one thread) POSTing one JSON record per request to the sample app's records
 * endpoint, with the answers counted by status by its script ({@code post.lua}): the load of the
 * HTTP part, and of the startup part's first seconds after readiness.
 */
public final class Wrk {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

    private static final Pattern LATENCY = Pattern
        .compile("LATENCY_US p50=(\\d+) p90=(\\d+) p99=(\\d+) p999=(\\d+) max=(\\d+)");

    private static final Pattern STATUS = Pattern.compile("STATUS 2xx=(\\d+) 429=(\\d+) 5xx=(\\d+) other=(\\d+)");

    private static final Pattern ERRORS = Pattern.compile("ERRORS connect=(\\d+) read=(\\d+) write=(\\d+) "
            + "status=(\\d+) timeout=(\\d+)");

    private Wrk() {
    }

    /** One run's answers; {@code confirmed} = records the topic gained, or -1 when not counted. */
    public record Result(double requestsPerSecond, double p50Millis, double p99Millis, double maxMillis, long ok,
            long tooMany, long serverErrors, long other, String errors, long confirmed) {

        /** Answers that accepted the record (2xx) per second. */
        public double acceptedPerSecond(double seconds) {
            return this.ok / seconds;
        }

        Result confirmed(long records) {
            return new Result(this.requestsPerSecond, this.p50Millis, this.p99Millis, this.maxMillis, this.ok,
                    this.tooMany, this.serverErrors, this.other, this.errors, records);
        }

        public String statuses() {
            return "2xx=" + this.ok + " 429=" + this.tooMany + " 5xx=" + this.serverErrors + " other=" + this.other;
        }

    }

    /**
     * Writes the script into {@code directory}, its request body padded to {@code bodyBytes}: one
     * record with a JSON object value; with {@code honourRetryAfter} a 429 pauses its connection
     * for the answer's {@code Retry-After}, as real clients do.
     */
    public static Path script(Path directory, int bodyBytes, boolean honourRetryAfter) {
        try (InputStream in = Wrk.class.getResourceAsStream("post.lua")) {
            Files.createDirectories(directory);
            String prefix = "{\"records\":[{\"key\":\"k1\",\"value\":{\"id\":12345,\"text\":\"";
            String suffix = "\"}}]}";
            int padding = Math.max(1, bodyBytes - prefix.length() - suffix.length());
            String body = prefix + "abcdefghijklmnopqrstuvwxyz0123456789".repeat(padding / 36 + 1).substring(0, padding)
                    + suffix;
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@BODY@", body)
                .replace("@HONOUR@", String.valueOf(honourRetryAfter));
            Path script = directory.resolve("post-" + bodyBytes + ".lua");
            Files.writeString(script, text);
            return script;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Runs wrk for {@code durationSeconds} against {@code url}; its output is appended to {@code log}. */
    public static Result run(Path script, String url, int connectionCount, int durationSeconds, String timeout,
            Path log) {
        try {
            Process process = new ProcessBuilder("wrk", "-t1", "-c" + connectionCount, "-d" + durationSeconds + "s",
                    "--timeout", timeout, "--latency", "-s", script.toString(), url).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(durationSeconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("wrk failed:\n" + output);
            }
            Files.writeString(log, url + "\n" + output + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Matcher rps = find(RPS, output);
            Matcher latency = find(LATENCY, output);
            Matcher status = find(STATUS, output);
            Matcher errors = find(ERRORS, output);
            return new Result(Double.parseDouble(rps.group(1)), Long.parseLong(latency.group(1)) / 1000.0,
                    Long.parseLong(latency.group(3)) / 1000.0, Long.parseLong(latency.group(5)) / 1000.0,
                    Long.parseLong(status.group(1)), Long.parseLong(status.group(2)), Long.parseLong(status.group(3)),
                    Long.parseLong(status.group(4)),
                    "connect=" + errors.group(1) + " read=" + errors.group(2) + " timeout=" + errors.group(5), -1);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not run wrk (apt-get install -y wrk)", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Matcher find(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("No '" + pattern + "' in wrk's output:\n" + output);
        }
        return matcher;
    }

}

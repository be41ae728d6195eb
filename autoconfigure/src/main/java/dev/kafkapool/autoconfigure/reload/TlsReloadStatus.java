package dev.kafkapool.autoconfigure.reload;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * What certificate reload has done, for health details and metrics: how many reloads were
 * applied, refused (invalid material) and failed (valid material no client could be made with),
 * when the last one was applied, and why the newest material was refused while it stays refused.
 */
public final class TlsReloadStatus {

    private final String source;

    private final Duration interval;

    private final LongAdder applied = new LongAdder();

    private final LongAdder rejected = new LongAdder();

    private final LongAdder failed = new LongAdder();

    private volatile Instant lastApplied;

    private volatile Refusal refusal;

    /**
     * @param source what is watched, for the details: the files, or the SSL bundle
     * @param interval how often the files are checked, or {@code null} for a bundle
     */
    public TlsReloadStatus(String source, Duration interval) {
        this.source = source;
        this.interval = interval;
    }

    /** Why the newest material was not taken: when, the setting at fault, the cause and the fix. */
    public record Refusal(Instant at, String setting, String problem, String action) {
    }

    // the details first, the count last: whoever sees the count go up sees what it counts

    void applied(Instant at) {
        this.lastApplied = at;
        this.refusal = null;
        this.applied.increment();
    }

    void rejected(Refusal why) {
        this.refusal = why;
        this.rejected.increment();
    }

    void failed(Refusal why) {
        this.refusal = why;
        this.failed.increment();
    }

    /** The files are back to the material in use: nothing is refused any more. */
    void settled() {
        this.refusal = null;
    }

    public String source() {
        return this.source;
    }

    /** How often the files are checked; {@code null} when a bundle is followed. */
    public Duration interval() {
        return this.interval;
    }

    public long applied() {
        return this.applied.sum();
    }

    public long rejected() {
        return this.rejected.sum();
    }

    public long failed() {
        return this.failed.sum();
    }

    /** When renewed material was last taken, or {@code null}. */
    public Instant lastApplied() {
        return this.lastApplied;
    }

    /** Why the newest material is not in use, or {@code null} when it is. */
    public Refusal refusal() {
        return this.refusal;
    }

}

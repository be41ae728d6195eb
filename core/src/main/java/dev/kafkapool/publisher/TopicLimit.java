package dev.kafkapool.publisher;

/**
 * The rate one topic may be published at: records per second, payload bytes per second, or both,
 * with a burst. A record beyond it is refused at admission with
 * {@link PublishRejectedException.Reason#RATE_LIMITED} and the time after which it would be
 * taken ({@link PublishRejectedException#retryAfter()}).
 *
 * <p>Each rate is a token bucket. The records bucket holds {@code burst} records (the records
 * per second when {@code burst} is 0); the bytes bucket holds as many seconds of bytes as the
 * records bucket holds seconds of records, or one second without a records rate. A message's
 * bytes are its key, value, header names and header values.
 *
 * @param recordsPerSecond records per second, 0.5 for one every two seconds; 0: no records rate
 * @param bytesPerSecond payload bytes per second; 0: no bytes rate
 * @param burst records that may be admitted at once above the rate; 0: one second's worth
 */
public record TopicLimit(double recordsPerSecond, long bytesPerSecond, long burst) {

    /** Whether the limit limits anything. */
    public boolean limits() {
        return this.recordsPerSecond > 0 || this.bytesPerSecond > 0;
    }

    /** Records the records bucket holds. */
    long recordsBurst() {
        return (this.burst > 0) ? this.burst : Math.max(1, (long) Math.ceil(this.recordsPerSecond));
    }

    /** Bytes the bytes bucket holds. */
    long bytesBurst() {
        if (this.recordsPerSecond <= 0) {
            return this.bytesPerSecond;
        }
        return (long) Math.ceil(this.bytesPerSecond * recordsBurst() / this.recordsPerSecond);
    }

}

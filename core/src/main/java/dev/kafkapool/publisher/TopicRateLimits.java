package dev.kafkapool.publisher;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@link TopicLimit}s of a pool as buckets, one or two per limited topic. A topic without a
 * limit costs one map lookup; with none at all, nothing.
 */
final class TopicRateLimits {

    private final Map<String, Buckets> buckets;

    TopicRateLimits(Map<String, TopicLimit> limits) {
        long now = System.nanoTime();
        Map<String, Buckets> map = new HashMap<>();
        limits.forEach((topic, limit) -> {
            if (limit.limits()) {
                map.put(topic, new Buckets(topic, limit, now));
            }
        });
        this.buckets = map.isEmpty() ? Map.of() : Map.copyOf(map);
    }

    /** The buckets of {@code topic}, or {@code null} when it is not limited. */
    Buckets of(String topic) {
        return this.buckets.isEmpty() ? null : this.buckets.get(topic);
    }

    boolean isEmpty() {
        return this.buckets.isEmpty();
    }

    /** The records and bytes buckets of one topic; either may be absent. */
    static final class Buckets {

        private final String topic;

        private final RateBucket records;

        private final RateBucket bytes;

        private Buckets(String topic, TopicLimit limit, long now) {
            this.topic = topic;
            this.records = (limit.recordsPerSecond() > 0)
                    ? new RateBucket(limit.recordsPerSecond(), limit.recordsBurst(), now) : null;
            this.bytes = (limit.bytesPerSecond() > 0)
                    ? new RateBucket(limit.bytesPerSecond(), limit.bytesBurst(), now) : null;
        }

        String topic() {
            return this.topic;
        }

        /** Whether {@code count} records of {@code size} bytes could ever be taken at once. */
        boolean fits(long count, long size) {
            return (this.records == null || count <= this.records.capacity())
                    && (this.bytes == null || size <= this.bytes.capacity());
        }

        /** Whether there is a records rate (then the burst sizes both buckets; without one a second of bytes does). */
        boolean limitsRecords() {
            return this.records != null;
        }

        /** What the buckets hold at most, for a message. */
        String capacity() {
            return ((this.records != null) ? this.records.capacity() + " records" : "")
                    + ((this.records != null && this.bytes != null) ? " and " : "")
                    + ((this.bytes != null) ? this.bytes.capacity() + " bytes" : "");
        }

        /**
         * Takes {@code count} records of {@code size} bytes, both or neither.
         * @return 0 when taken, else the nanoseconds after which both buckets would have room (the
         * longer of their waits: a caller who waits for the records alone is refused by the bytes)
         */
        long tryTake(long count, long size) {
            long now = System.nanoTime();
            if (this.records != null) {
                long wait = this.records.tryTake(count, now);
                if (wait > 0) {
                    return (this.bytes != null) ? Math.max(wait, this.bytes.waitFor(size, now)) : wait;
                }
            }
            if (this.bytes != null) {
                long wait = this.bytes.tryTake(size, now);
                if (wait > 0) {
                    if (this.records != null) {
                        this.records.giveBack(count);
                    }
                    return wait;
                }
            }
            return 0;
        }

        /** Gives back what {@link #tryTake} took. */
        void giveBack(long count, long size) {
            if (this.records != null) {
                this.records.giveBack(count);
            }
            if (this.bytes != null) {
                this.bytes.giveBack(size);
            }
        }

    }

}

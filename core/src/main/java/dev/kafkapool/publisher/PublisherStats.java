package dev.kafkapool.publisher;

/**
 * A snapshot of a pool's counters.
 *
 * @param queued messages waiting to be sent, including those waiting for a retry
 * @param queuedBytes heap bytes held by the messages in memory, queued and in flight: payload, headers and
 *        the objects around them (see {@link PublisherConfig#queueMaxBytes()}; {@code KAFKA_QUEUE_MAX_BYTES}
 *        in the starter)
 * @param inFlight messages handed to a Kafka producer and not yet acknowledged
 * @param published messages acknowledged by the broker since start
 * @param failed messages that failed terminally since start
 * @param retried delivery attempts that failed retriably and were queued again
 * @param rejected messages refused at admission since start
 * @param workers worker threads alive
 * @param workerRestarts worker threads that died and were replaced since start
 * @param replayed records found in the journal at start, from before it, and queued for delivery
 */
public record PublisherStats(long queued, long queuedBytes, long inFlight, long published, long failed, long retried,
        long rejected, int workers, long workerRestarts, long replayed) {

    /** The same as {@link #queuedBytes()}: the name the published contract lists ("queued, bytes, in flight, ..."). */
    public long bytes() {
        return this.queuedBytes;
    }

    @Override
    public String toString() {
        return "queued=" + this.queued + ", queuedBytes=" + this.queuedBytes + ", inFlight=" + this.inFlight
                + ", published=" + this.published + ", failed=" + this.failed + ", retried=" + this.retried
                + ", rejected=" + this.rejected + ", workers=" + this.workers
                + ((this.workerRestarts > 0) ? ", workerRestarts=" + this.workerRestarts : "")
                + ((this.replayed > 0) ? ", replayed=" + this.replayed : "");
    }

}

package dev.kafkapool.publisher;

import java.util.Comparator;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A message between admission and its final outcome. It is itself the future handed to the
 * caller, which saves an object per queued message, and it is kept at 40 bytes (compressed oops):
 * one admission stamp serves as both the admission time and the admission order.
 */
final class PendingMessage extends CompletableFuture<Delivery> {

    /** Oldest admission first; the order retries of a lane are re-sent in. */
    static final Comparator<PendingMessage> ADMISSION_ORDER = (a, b) -> Long.compare(a.admitted - b.admitted, 0);

    final KafkaMessage message;

    /**
     * When it was admitted, in {@link System#nanoTime()} units, and unique: stamps strictly
     * increase in admission order (see {@code PooledKafkaPublisher.admissionStamps}).
     */
    final long admitted;

    /** Written by the lane's worker only. */
    int attempts;

    PendingMessage(KafkaMessage message, long admitted) {
        this.message = message;
        this.admitted = admitted;
    }

    ProducerRecord<byte[], byte[]> toRecord() {
        RecordHeaders headers = null;
        if (!this.message.headers().isEmpty()) {
            headers = new RecordHeaders();
            for (KafkaMessage.Header header : this.message.headers()) {
                headers.add(header.name(), header.value());
            }
        }
        return new ProducerRecord<>(this.message.topic(), null, null, this.message.key(), this.message.value(),
                headers);
    }

}

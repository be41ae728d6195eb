package dev.kafkapool.publisher;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A message between admission and its final outcome. It is itself the future handed to the
 * caller, which saves an object per queued message.
 */
final class PendingMessage extends CompletableFuture<Delivery> {

    final KafkaMessage message;

    /** Admission order: retries of a lane are re-sent in this order. */
    final long sequence;

    final long admittedNanos;

    /** Written by the lane's worker only. */
    int attempts;

    PendingMessage(KafkaMessage message, long sequence, long admittedNanos) {
        this.message = message;
        this.sequence = sequence;
        this.admittedNanos = admittedNanos;
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

package dev.kafkapool.publisher;

/**
 * Records that failed inside the producer and wait for the retry interval before they are sent
 * again, in admission order. For a keyed record, the hold is per topic and key: newer records of
 * that key that arrive meanwhile wait behind it instead of overtaking it; other keys go on. A
 * record without a key holds only itself.
 */
final class HeldRecords extends Wakeup {

    /** {@code null} for a keyless record. */
    final OrderKey key;

    final AdmissionOrderQueue records = new AdmissionOrderQueue();

    /** The failure that started the hold. */
    final Throwable cause;

    HeldRecords(OrderKey key, Throwable cause) {
        this.key = key;
        this.cause = cause;
    }

}

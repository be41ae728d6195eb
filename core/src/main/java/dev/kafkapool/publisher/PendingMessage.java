package dev.kafkapool.publisher;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A message between admission and its outcome. It is itself the future handed to the caller,
 * which saves an object per queued message; it is kept at 40 bytes (compressed pointers): one
 * admission stamp serves as both the admission time and the admission order, one int holds the
 * attempt count and the settled flag, and one the heap the message was admitted with (counted at
 * admission, where the message is in the caller's cache: counted again on delivery, on the
 * producer's network thread, it cost a cache miss per field of a message admitted long before,
 * 15 % of that thread's time in a burst of 100-byte records). The producer's callback for a send
 * is a small object of the send's own ({@code DeliveryLane.send}), which knows the lane: a field
 * for the lane here would make every queued message 8 bytes larger. A journaled message
 * ({@link JournaledMessage}) may hold its payload in the journal instead of the heap.
 *
 * <p>The pool settles a message exactly once ({@link #settle()}): whoever settles it releases its
 * room and counts its outcome. Completing the future is separate, so a caller that completes or
 * cancels the future itself changes nothing in the pool's accounting.
 */
class PendingMessage extends CompletableFuture<Delivery> {

    /** Oldest admission first. */
    static final Comparator<PendingMessage> ADMISSION_ORDER = (a, b) -> Long.compare(a.admitted - b.admitted, 0);

    private static final int SETTLED = 1 << 31;

    /** A producer took it at least once ({@code send} returned without refusing it): the broker may have it. */
    private static final int TAKEN = 1 << 30;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PendingMessage.class, "state", int.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** The message; {@code null} only while a journaled message's payload waits in the journal. */
    KafkaMessage message;

    /**
     * When it was admitted, in {@link System#nanoTime()} units, and unique: stamps strictly
     * increase in admission order (see {@code Admission}).
     */
    final long admitted;

    /** Attempts in the low bits, {@link #TAKEN} in bit 30, {@link #SETTLED} in the sign bit. */
    @SuppressWarnings("unused")
    private volatile int state;

    /**
     * {@link MessageFootprint#of} the message as admitted; {@link #UNCOUNTED} when there was none
     * (a journaled message admitted without its payload) or when it does not fit an int.
     */
    private final int footprint;

    private static final int UNCOUNTED = -1;

    PendingMessage(KafkaMessage message, long admitted) {
        this.message = message;
        this.admitted = admitted;
        long bytes = (message != null) ? MessageFootprint.of(message) : UNCOUNTED;
        this.footprint = (bytes <= Integer.MAX_VALUE) ? (int) bytes : UNCOUNTED;
    }

    /** How many times it was handed to a producer. */
    int attempts() {
        return this.state & ~(SETTLED | TAKEN);
    }

    /** Counts one more hand-over to a producer; only the lane's worker calls this. */
    void countAttempt() {
        STATE.getAndAdd(this, 1);
    }

    /** Takes back a count for a send the producer refused before taking the record. */
    void uncountAttempt() {
        STATE.getAndAdd(this, -1);
    }

    /** A producer took it ({@code send} returned without refusing it); only the lane's worker calls this. */
    void taken() {
        if ((this.state & TAKEN) == 0) {
            STATE.getAndBitwiseOr(this, TAKEN);
        }
    }

    /**
     * Whether a producer ever took it: then the broker may have it, whatever became of the attempt (a
     * delivery timeout or a lost connection does not say the broker did not write it). A send the producer
     * refused at once (closed, its buffer full, no metadata, the record too large) did not count.
     */
    boolean wasTaken() {
        return (this.state & TAKEN) != 0;
    }

    /** Marks the outcome as decided; {@code true} for the one caller that does so first. */
    boolean settle() {
        return ((int) STATE.getAndBitwiseOr(this, SETTLED) & SETTLED) == 0;
    }

    /** The message, read from the journal for this call if it waits there. */
    KafkaMessage message() {
        return this.message;
    }

    /**
     * Its topic and key, the records whose order it keeps; {@code null} without a key. Reads only
     * those from the journal if the payload waits there.
     */
    OrderKey orderKey() {
        KafkaMessage current = this.message;
        return OrderKey.of(current.topic(), current.key());
    }

    /** The message, kept in memory until {@link #unload()}; the worker calls this before sending. */
    KafkaMessage load() {
        return this.message;
    }

    /** Lets go of a payload that the journal holds, when the message was admitted without it. */
    void unload() {
    }

    /** The heap it was admitted with, which the budget gets back when it is settled. */
    long heldBytes() {
        return admittedFootprint();
    }

    /** {@link MessageFootprint#of} the message it was admitted with; counted then, unless it was too large for an int. */
    final long admittedFootprint() {
        return (this.footprint != UNCOUNTED) ? this.footprint : MessageFootprint.of(this.message);
    }

    /** Its outcome is decided and nothing reads it any more: the journal forgets it. */
    void forget() {
    }

    /**
     * Lets go of the message once its outcome is settled and reported: a caller that keeps the
     * future (waiting for a whole burst, say) then keeps 40 bytes per message instead of its
     * payload, and the collector does not copy delivered payloads while the queue still holds
     * others. Only the settling thread calls this, after everything that reads the message and
     * before the future completes, so that a completed future never holds it.
     */
    void release() {
        this.message = null;
    }

    /**
     * Does nothing and returns {@code false}: an admitted message cannot be withdrawn, the pool delivers it or reports
     * it. (Cancelled, the future said so while the record went to Kafka all the same.) A caller that stops waiting
     * lets go of the future, or completes it itself ({@code orTimeout}); the pool's accounting ignores either.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    /** Completes the caller's future; the caller may have completed it already. */
    void succeed(Delivery delivery) {
        super.complete(delivery);
    }

    void fail(Throwable failure) {
        super.completeExceptionally(failure);
    }

    /**
     * The record to send; call after {@link #load()}. {@link ProducerRecord} copies the headers it
     * is given into a list of its own; the message's own (immutable) list goes in as it is, its
     * headers being Kafka headers already, so that copy is the only one.
     */
    ProducerRecord<byte[], byte[]> toRecord() {
        KafkaMessage loaded = this.message;
        List<KafkaMessage.Header> headers = loaded.headers();
        return new ProducerRecord<>(loaded.topic(), null, null, loaded.key(), loaded.value(),
                headers.isEmpty() ? null : kafkaHeaders(headers));
    }

    /** The record to send with {@code extra} after the message's own headers; call after {@link #load()}. */
    final ProducerRecord<byte[], byte[]> record(Header extra) {
        KafkaMessage loaded = this.message;
        List<KafkaMessage.Header> source = loaded.headers();
        // a RecordHeaders is what ProducerRecord copies with one array copy
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < source.size(); i++) {
            headers.add(source.get(i));
        }
        headers.add(extra);
        return new ProducerRecord<>(loaded.topic(), null, null, loaded.key(), loaded.value(), headers);
    }

    /** The message's headers as Kafka's; they are, and the list is only read. */
    @SuppressWarnings("unchecked")
    private static Iterable<Header> kafkaHeaders(List<? extends Header> headers) {
        return (Iterable<Header>) headers;
    }

}

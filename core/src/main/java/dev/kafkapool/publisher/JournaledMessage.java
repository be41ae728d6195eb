package dev.kafkapool.publisher;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import dev.kafkapool.publisher.journal.Journal;

/**
 * A message the journal holds from admission until the broker has it. Admitted "hot" it keeps its
 * payload in memory as well, counted in the byte budget; admitted "cold" (the budget was spent, or
 * replayed at start) it keeps only its reference, and the worker reads the payload back when it
 * sends, and lets go of it again afterwards. Its record carries the journal's id in the
 * {@value #ID_HEADER} header, so that consumers can drop the duplicates a crash can cause.
 */
final class JournaledMessage extends PendingMessage {

    /**
     * Header of every journaled record: its id, the same in every delivery of it; 16 bytes, a
     * UUID's most and then least significant 64 bits, big-endian ({@code java.util.UUID}'s order).
     */
    static final String ID_HEADER = KafkaMessage.ID_HEADER;

    /** Bytes the id header adds to a record, as the producer measures it: lengths, name and 16-byte value. */
    static final int ID_HEADER_BYTES = 1 + ID_HEADER.length() + 1 + 16;

    private final Journal journal;

    private final long reference;

    private final boolean hot;

    /** What it is counted at when cold ({@link MessageFootprint#journaledCold}, or the entry alone when replayed). */
    private final int coldBytes;

    JournaledMessage(KafkaMessage message, long admitted, Journal journal, long reference, boolean hot,
            int coldBytes) {
        super(hot ? message : null, admitted);
        this.journal = journal;
        this.reference = reference;
        this.hot = hot;
        this.coldBytes = coldBytes;
    }

    @Override
    KafkaMessage message() {
        KafkaMessage loaded = this.message;
        return (loaded != null) ? loaded : JournalCodec.decode(this.journal.read(this.reference));
    }

    @Override
    OrderKey orderKey() {
        // read once: the worker lets go of the payload while a producer thread may be here
        KafkaMessage loaded = this.message;
        return (loaded != null) ? OrderKey.of(loaded.topic(), loaded.key())
                : JournalCodec.orderKey(this.journal.read(this.reference));
    }

    @Override
    KafkaMessage load() {
        KafkaMessage loaded = this.message;
        if (loaded == null) {
            loaded = JournalCodec.decode(this.journal.read(this.reference));
            this.message = loaded;
        }
        return loaded;
    }

    @Override
    void unload() {
        if (!this.hot) {
            this.message = null;
        }
    }

    @Override
    long heldBytes() {
        return this.hot ? admittedFootprint() + MessageFootprint.JOURNALED_EXTRA : this.coldBytes;
    }

    @Override
    void forget() {
        this.journal.acknowledge(this.reference);
    }

    @Override
    ProducerRecord<byte[], byte[]> toRecord() {
        return record(new RecordHeader(ID_HEADER, this.journal.idBytes(this.reference)));
    }

}

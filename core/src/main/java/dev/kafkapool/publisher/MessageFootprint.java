package dev.kafkapool.publisher;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The heap a queued message holds, in bytes: what the pool's {@code queue-max-bytes} bound counts.
 * Not only the payload: every object a waiting message keeps alive, as HotSpot lays them out:
 * the pool's own entry (the {@link PendingMessage} and its queue slot), the {@link KafkaMessage},
 * its topic name, key and value arrays, for each header the header object, its name (a
 * {@link String} and its array) and its value array, and what Kafka's producer holds for it once
 * it is sent ({@link #IN_PRODUCER}). A header of one byte so costs about 100
 * bytes, which is why a record with 120,000 tiny headers holds 12 MB and is counted so.
 *
 * <p>Objects a message may share with others (the topic name, header names) are counted for
 * every message: the bound errs on the safe side. Stages a caller chains onto the returned
 * future are the caller's, and not counted.
 */
final class MessageFootprint {

    private static final Layout LAYOUT = Layout.detect();

    /**
     * The pool's entry: the {@link PendingMessage} (the future's two fields, the message, the
     * admission stamp, state and footprint) and one slot of its lane's queue.
     */
    private static final int ENTRY = LAYOUT.object(LAYOUT.ref * 3 + Long.BYTES + Integer.BYTES * 2) + LAYOUT.ref;

    /**
     * A {@link JournaledMessage} whose payload waits in the journal: the entry, with the journal,
     * the record's reference, whether it is hot and what it is counted at when cold, and its queue slot.
     */
    static final int JOURNALED_ENTRY = LAYOUT.object(LAYOUT.ref * 4 + Long.BYTES * 2 + Integer.BYTES * 3 + 1)
            + LAYOUT.ref;

    /**
     * What Kafka's producer holds for a record it has taken until the broker answers, beside the record's bytes in
     * its {@code buffer.memory}: the record's future ({@code FutureRecordMetadata}), its callbacks
     * ({@code KafkaProducer.AppendCallbacks}), the batch's thunk and its slot in the batch's list, the record's
     * {@code RecordHeaders} and its list, and the pool's callback. Counted for every message from its admission on,
     * since every message gets there: 390,000 small records held by a producer whose broker did not answer took
     * twice the heap the bound had counted for them (kafka-clients 4.2), and a shutdown that then reported them
     * ran out of memory. A header array, when the record has headers, is counted with them.
     */
    private static final int IN_PRODUCER = LAYOUT.object(LAYOUT.ref * 3 + Integer.BYTES * 3 + Long.BYTES)
            + LAYOUT.object(LAYOUT.ref * 8 + Integer.BYTES) + LAYOUT.object(LAYOUT.ref * 2) + LAYOUT.ref
            + LAYOUT.object(LAYOUT.ref + 1) + LAYOUT.object(LAYOUT.ref + Integer.BYTES * 2)
            + LAYOUT.object(LAYOUT.ref * 2);

    /**
     * The journal's id header in the producer's copy of a record's headers: Kafka's {@code RecordHeader} (name,
     * value and their two buffers), its 16-byte value, and the copy's array when it is the only header (with
     * others, {@link #of} counted a larger array than the copy's).
     */
    private static final int ID_HEADER_IN_PRODUCER = LAYOUT.object(LAYOUT.ref * 4) + (int) LAYOUT.array(16)
            + (int) LAYOUT.array(LAYOUT.ref);

    /** What a journaled message holds beyond a plain one's entry, the id header its record carries among it. */
    static final int JOURNALED_EXTRA = JOURNALED_ENTRY - ENTRY + ID_HEADER_IN_PRODUCER;

    /**
     * Payload size up to which a journaled message admitted with its payload on disk only is counted with the whole
     * of what Kafka's producer holds for it once sent ({@link #journaledCold}); beyond it, in proportion.
     */
    private static final int SMALL_RECORD_BYTES = 256;


    /** The {@link KafkaMessage} object: topic, key, value and headers references and a flag. */
    private static final int MESSAGE = LAYOUT.object(LAYOUT.ref * 4 + 1);

    /** A {@link KafkaMessage.Header} record: name and value references. */
    private static final int HEADER = LAYOUT.object(LAYOUT.ref * 2);

    /** A {@link String} object without its array: value, hash, coder and a flag. */
    private static final int STRING = LAYOUT.object(LAYOUT.ref + Integer.BYTES + 2);

    /** An immutable list's own object (List.of of one or two, or of more with its array). */
    private static final int LIST = LAYOUT.object(LAYOUT.ref * 2);

    private MessageFootprint() {
    }

    static long of(KafkaMessage message) {
        long bytes = ENTRY + inProducer(message) + MESSAGE + topic(message.topic()) + array(message.key())
                + array(message.value());
        List<KafkaMessage.Header> headers = message.headers();
        int count = headers.size();
        if (count > 0) {
            bytes += LIST + ((count > 2) ? LAYOUT.array(count * LAYOUT.ref) : 0);
            for (int i = 0; i < count; i++) {
                KafkaMessage.Header header = headers.get(i);
                bytes += HEADER + string(header.name()) + array(header.value());
            }
        }
        return bytes;
    }

    /**
     * What a journaled message admitted with its payload on disk only is counted at: its entry, and a share of what
     * Kafka's producer holds for it once it is read back and sent (its future, callbacks and headers, the id header
     * among them): the whole of it up to {@link #SMALL_RECORD_BYTES} of payload, less in proportion beyond. The
     * producer holds at most its {@code buffer.memory} of serialized records, so the smaller they are, the more of
     * them at once: counted at the entry alone (56 bytes), 537,000 tiny records in a producer whose broker did not
     * answer held 462 bytes each and ran a 256 MB heap out of memory, while a backlog of a million 1 KiB records
     * has some 30,000 in the producer at a time. Records replayed at start are counted at their entry alone.
     */
    static int journaledCold(KafkaMessage message) {
        int share = IN_PRODUCER + ID_HEADER_IN_PRODUCER;
        long payload = Math.max(1, message.payloadBytes());
        return JOURNALED_ENTRY + (int) Math.min(share, share * (long) SMALL_RECORD_BYTES / payload);
    }

    /**
     * The part of {@link #of} that Kafka's producer holds once the message is sent ({@link #IN_PRODUCER}, and the
     * array of its copy of the headers, which grows as an {@code ArrayList} does); the rest is held from admission.
     */
    static long inProducer(KafkaMessage message) {
        int count = message.headers().size();
        return IN_PRODUCER + ((count > 0) ? LAYOUT.array((long) Math.max(10, count + (count >> 1)) * LAYOUT.ref) : 0);
    }

    private static long array(byte[] bytes) {
        return (bytes != null) ? LAYOUT.array(bytes.length) : 0;
    }

    /**
     * A topic name's {@link String}: always Latin-1, since only legal names (ASCII) are admitted, so
     * its characters need not be looked at. This runs again on the producer's network thread for
     * every delivered message (the budget gets back what it gave), where a walk over the name was
     * a measurable part of the thread's time at 100-byte records.
     */
    private static long topic(String topic) {
        return STRING + LAYOUT.array(topic.length());
    }

    /** A {@link String}: the object (value, hash, coder, flag) and its array, Latin-1 or UTF-16. */
    private static long string(String text) {
        int length = text.length();
        boolean latin1 = true;
        for (int i = 0; i < length && latin1; i++) {
            latin1 = text.charAt(i) < 0x100;
        }
        return STRING + LAYOUT.array(latin1 ? length : 2L * length);
    }

    /**
     * Object header and reference sizes of this JVM: 12 and 4 bytes with compressed pointers (heaps
     * below 32 GB, the default), 16 and 8 without; objects aligned to 8 bytes. With G1 (the default
     * collector), an array of half a heap region or more is humongous: it takes whole regions of its
     * own (1 MB each in heaps below 2 GB), so a 513 KB value held 1 MB, twice what it was counted at.
     */
    private static final class Layout {

        private final int header;

        private final int ref;

        /** G1's region size, or 0 with another collector (or another JVM): no array is rounded up. */
        private final long region;

        private Layout(int header, int ref, long region) {
            this.header = header;
            this.ref = ref;
            this.region = region;
        }

        static Layout detect() {
            com.sun.management.HotSpotDiagnosticMXBean hotSpot = hotSpot();
            boolean compressed = hotSpot != null && Boolean.parseBoolean(option(hotSpot, "UseCompressedOops", "false"));
            // not HotSpot: counted as if uncompressed, which overstates and so stays safe
            long region = (hotSpot != null && Boolean.parseBoolean(option(hotSpot, "UseG1GC", "false")))
                    ? Long.parseLong(option(hotSpot, "G1HeapRegionSize", "0")) : 0;
            return compressed ? new Layout(12, 4, region) : new Layout(16, 8, region);
        }

        private static com.sun.management.HotSpotDiagnosticMXBean hotSpot() {
            try {
                return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            }
            catch (RuntimeException | LinkageError ex) {
                return null;
            }
        }

        private static String option(com.sun.management.HotSpotDiagnosticMXBean hotSpot, String name,
                String otherwise) {
            try {
                return hotSpot.getVMOption(name).getValue();
            }
            catch (RuntimeException ex) {
                return otherwise;
            }
        }

        int object(int fields) {
            return align(this.header + fields);
        }

        long array(long length) {
            long bytes = align(this.header + Integer.BYTES + length);
            return (this.region > 0 && bytes >= this.region / 2) ? (bytes + this.region - 1) / this.region * this.region
                    : bytes;
        }

        private static int align(int bytes) {
            return (bytes + 7) & ~7;
        }

        private static long align(long bytes) {
            return (bytes + 7) & ~7L;
        }

    }

}

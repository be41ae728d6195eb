package dev.kafkapool.publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.kafkapool.publisher.PublishRejectedException.Reason;
import dev.kafkapool.publisher.journal.Journal;
import dev.kafkapool.publisher.journal.JournalException;
import dev.kafkapool.publisher.journal.JournalRecordTooLargeException;

/**
 * Admission with a durable journal: a message is admitted once it is written into the journal
 * (and, with {@code fsync=always}, forced to the disk), all of a batch or none of it. Its room is
 * taken in the {@link AdmissionBudget} in memory too ("hot", the payload kept on the heap) while
 * the byte bound has room for it, else as a reference only ("cold", read back when it is sent).
 * Also reads back, at start, what the journal kept from before. One per opened journal.
 */
final class JournalAdmission {

    /** A reference no journal record has (references are not negative). */
    private static final long NOT_WRITTEN = -1;

    private final Journal journal;

    private final Admission admission;

    private final AdmissionBudget budget;

    private final PublisherConfig config;

    JournalAdmission(Journal journal, Admission admission, AdmissionBudget budget, PublisherConfig config) {
        this.journal = journal;
        this.admission = admission;
        this.budget = budget;
        this.config = config;
    }

    /** The journal it writes into. */
    Journal journal() {
        return this.journal;
    }

    /**
     * Writes {@code message} into the journal and takes its room.
     * @param bytes what the message holds, as {@link Admission#check} measured it
     * @throws PublishRejectedException when the journal is full ({@code JOURNAL_FULL}) or the
     *         record can never fit a segment ({@code TOO_LARGE}); nothing stays behind
     */
    PendingMessage admit(KafkaMessage message, long bytes) {
        int cold = MessageFootprint.journaledCold(message);
        boolean hot = takeRoom(message.topic(), 1, bytes, cold);
        long reference = NOT_WRITTEN;
        long mark = this.journal.mark();
        try {
            reference = write(message);
            this.journal.awaitDurable(mark);
        }
        catch (JournalException ex) {
            giveBack(reference, room(hot, 1, bytes, cold));
            throw refused(ex, message.topic(), 1);
        }
        catch (RuntimeException | Error ex) {
            giveBack(reference, room(hot, 1, bytes, cold));
            throw ex;
        }
        return new JournaledMessage(message, this.admission.stamps(1), this.journal, reference, hot, cold);
    }

    /**
     * {@link #admit(KafkaMessage, long)} for a batch, all or none: a batch the journal took only
     * part of is acknowledged again (so nothing replays it) and its room given back. One fsync
     * covers the whole batch in {@code always} mode.
     */
    List<PendingMessage> admit(List<KafkaMessage> messages, long bytes) {
        int count = messages.size();
        int[] colds = new int[count];
        long cold = 0;
        for (int i = 0; i < count; i++) {
            colds[i] = MessageFootprint.journaledCold(messages.get(i));
            cold += colds[i];
        }
        boolean hot = takeRoom(Admission.sharedTopic(messages), count, bytes, cold);
        long[] references = new long[count];
        int written = 0;
        long mark = this.journal.mark();
        try {
            for (; written < count; written++) {
                references[written] = write(messages.get(written));
            }
            this.journal.awaitDurable(mark);
        }
        catch (JournalException ex) {
            giveBack(references, written, count, room(hot, count, bytes, cold));
            throw refused(ex, messages.get(Math.min(written, count - 1)).topic(), count);
        }
        catch (RuntimeException | Error ex) {
            giveBack(references, written, count, room(hot, count, bytes, cold));
            throw ex;
        }
        long first = this.admission.stamps(count);
        List<PendingMessage> admitted = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            admitted.add(new JournaledMessage(messages.get(i), first + i, this.journal, references[i], hot, colds[i]));
        }
        return admitted;
    }

    /**
     * Hands {@code kept} each record the journal holds from before (the records of a process that
     * died, or of a shutdown that ran out of time) in the order they were written, cold, with its
     * key and an admission stamp older than anything admitted after; counted in the budget whatever
     * its bounds, since the journal kept them already. Call once, before anything is admitted.
     * @return how many records were handed over
     */
    long replay(BiConsumer<PendingMessage, byte[]> kept, Consumer<String> topics) {
        return this.journal.replay((reference, payload) -> {
            long stamp = this.admission.stamps(1);
            this.budget.force(1, MessageFootprint.JOURNALED_ENTRY);
            kept.accept(new JournaledMessage(null, stamp, this.journal, reference, false,
                    MessageFootprint.JOURNALED_ENTRY), JournalCodec.key(payload));
            if (topics != null) {
                topics.accept(JournalCodec.topic(payload));
            }
        });
    }

    /**
     * Takes room for {@code count} journaled messages; {@code true} when it is room for their payloads too, else
     * room for them at {@code cold} in all.
     */
    private boolean takeRoom(String topic, int count, long bytes, long cold) {
        boolean hot = this.admission.tryAcquireHot(count, bytes + (long) count * MessageFootprint.JOURNALED_EXTRA);
        if (!hot) {
            this.admission.acquireCold(topic, count, cold);
        }
        return hot;
    }

    /** The room {@link #takeRoom} took. */
    private static long room(boolean hot, int count, long bytes, long cold) {
        return hot ? bytes + (long) count * MessageFootprint.JOURNALED_EXTRA : cold;
    }

    private long write(KafkaMessage message) {
        byte[][] names = JournalCodec.names(message);
        return this.journal.write(JournalCodec.size(message, names),
                (target) -> JournalCodec.encode(message, names, target));
    }

    /** Undoes one message, written ({@code reference}) or not. */
    private void giveBack(long reference, long heldBytes) {
        if (reference != NOT_WRITTEN) {
            this.journal.acknowledge(reference);
        }
        this.budget.release(1, heldBytes);
    }

    /**
     * Undoes a batch the journal took only {@code written} of: those are acknowledged (so nothing
     * replays them), and the room taken for all {@code count}, {@code heldBytes}, is given back.
     */
    private void giveBack(long[] references, int written, int count, long heldBytes) {
        for (int i = 0; i < written; i++) {
            this.journal.acknowledge(references[i]);
        }
        this.budget.release(count, heldBytes);
    }

    /** What admission says when the journal refused a record of {@code topic} in a batch of {@code count}. */
    private PublishRejectedException refused(JournalException ex, String topic, int count) {
        if (ex instanceof JournalRecordTooLargeException) {
            // no room the journal frees makes it fit: too large, not "try again later"
            return this.admission.reject(Reason.TOO_LARGE, topic, count, ex.getMessage()
                    + "; a record must fit one journal segment, an eighth of "
                    + this.config.setting("journalMaxBytes") + " (64 MB at most)");
        }
        return this.admission.reject(Reason.JOURNAL_FULL, topic, count, ex.getMessage());
    }

}

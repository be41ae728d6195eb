package dev.kafkapool.publisher;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * Records of one lane in admission order, for one thread: what waits for a topic, behind a failed
 * record of its key, or to be sent again. Records nearly always arrive in admission order, so they
 * go to the end of a plain deque at constant cost; the few that arrive late (an older record
 * returned by the producer) go to a small heap beside it, and {@link #poll} takes the older of the
 * two heads. A priority queue alone made every record of a burst pay a heap's log n twice (in and
 * out), which showed in profiles of a topic's first metadata wait.
 */
final class AdmissionOrderQueue implements Iterable<PendingMessage> {

    private final ArrayDeque<PendingMessage> inOrder = new ArrayDeque<>();

    private final PriorityQueue<PendingMessage> late = new PriorityQueue<>(PendingMessage.ADMISSION_ORDER);

    void add(PendingMessage pending) {
        PendingMessage last = this.inOrder.peekLast();
        if (last == null || PendingMessage.ADMISSION_ORDER.compare(last, pending) <= 0) {
            this.inOrder.addLast(pending);
        }
        else {
            this.late.add(pending);
        }
    }

    void addAll(Iterable<PendingMessage> records) {
        for (PendingMessage pending : records) {
            add(pending);
        }
    }

    /** The oldest record, or {@code null}. */
    PendingMessage peek() {
        PendingMessage first = this.inOrder.peekFirst();
        PendingMessage older = this.late.peek();
        if (first == null || (older != null && PendingMessage.ADMISSION_ORDER.compare(older, first) < 0)) {
            return older;
        }
        return first;
    }

    /** Takes the oldest record, or {@code null}. */
    PendingMessage poll() {
        PendingMessage head = peek();
        if (head == null) {
            return null;
        }
        if (head == this.inOrder.peekFirst()) {
            this.inOrder.pollFirst();
        }
        else {
            this.late.poll();
        }
        return head;
    }

    boolean isEmpty() {
        return this.inOrder.isEmpty() && this.late.isEmpty();
    }

    int size() {
        return this.inOrder.size() + this.late.size();
    }

    void clear() {
        this.inOrder.clear();
        this.late.clear();
    }

    /** Every record, in no particular order. */
    @Override
    public Iterator<PendingMessage> iterator() {
        return Stream.concat(this.inOrder.stream(), this.late.stream()).iterator();
    }

}

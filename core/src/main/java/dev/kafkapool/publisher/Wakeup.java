package dev.kafkapool.publisher;

import java.util.Comparator;

/** Something a lane's worker must do at a time: probe a topic, re-send held records. */
abstract class Wakeup {

    static final Comparator<Wakeup> BY_DUE = (a, b) -> Long.compare(a.due - b.due, 0);

    /** When, in {@link System#nanoTime()} units. */
    long due;

    /** Whether it still matters; one that was resolved another way is skipped when due. */
    boolean active = true;

}

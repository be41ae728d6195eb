package dev.kafkapool.publisher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's record of topics it cannot send to: shared by the lanes (each parks its own records
 * of such a topic), read by health. It decides, the same way for every lane, when a topic the
 * cluster says does not exist has been missing long enough that its records fail; and it says so
 * in the log once per episode, naming the topic and the action.
 *
 * <p>Topic names may come from untrusted input, so it holds at most {@value #MAX_TOPICS} entries;
 * beyond that, new problem topics are still handled by the lanes, only not listed.
 */
final class TopicProblems {

    static final int MAX_TOPICS = TopicProblem.MAX_LISTED;

    /** How long a topic no record waits for stays listed after it was last heard of. */
    private static final long RECENT_NANOS = Duration.ofMinutes(1).toNanos();

    /** Kafka's default {@code delivery.timeout.ms}. */
    private static final long DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;

    /**
     * How long a topic the cluster said does not exist stays listed after it was last heard of: at
     * least until the records the producer took before it was deleted have failed there
     * ({@code delivery.timeout.ms} after they were sent), so that health knows why they are held.
     */
    private final long recentMissingNanos;

    private static final Logger logger = LoggerFactory.getLogger(TopicProblems.class);

    private final String label;

    private final Duration missingTopicTimeout;

    private final String timeoutSetting;

    private final String topicsSetting;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private final AtomicBoolean overflowLogged = new AtomicBoolean();

    /**
     * The first missing topics of a second are named in the log, the others counted into the next
     * line (and named as their records fail): thousands of made-up topics wrote a line each, from the lanes' workers, and held back
     * the records of topics that exist by seconds.
     */
    private final ThrottledLog missingLog = new ThrottledLog(10);

    /** Counts the entries made: a delivery need not look for its topic while this stays the same. */
    private volatile int generation;

    TopicProblems(PublisherConfig config) {
        this.label = config.label();
        this.missingTopicTimeout = config.missingTopicTimeout();
        this.timeoutSetting = config.setting("missingTopicTimeout");
        this.topicsSetting = config.setting("allowedTopics");
        this.recentMissingNanos = Math.max(RECENT_NANOS, TimeUnit.MILLISECONDS.toNanos(deliveryTimeoutMillis(config)));
    }

    private static long deliveryTimeoutMillis(PublisherConfig config) {
        Object value = config.producerProperties().get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        try {
            return (value != null) ? Long.parseLong(value.toString().trim()) : DEFAULT_DELIVERY_TIMEOUT_MS;
        }
        catch (NumberFormatException ex) {
            return DEFAULT_DELIVERY_TIMEOUT_MS;
        }
    }

    /** The entry of {@code topic}, created when absent. */
    Entry entry(String topic) {
        Entry entry = this.entries.get(topic);
        if (entry != null) {
            return entry;
        }
        if (this.entries.size() >= MAX_TOPICS) {
            evictIdle();
            if (this.entries.size() >= MAX_TOPICS) {
                if (this.overflowLogged.compareAndSet(false, true)) {
                    logger.warn("{} - More than {} topics cannot be sent to; only the first are listed in health",
                            this.label, MAX_TOPICS);
                }
                return new Entry(topic, false);
            }
        }
        return this.entries.computeIfAbsent(topic, (name) -> {
            this.generation++;
            return new Entry(name, true);
        });
    }

    /**
     * The first record of {@code entry} started waiting: lists the entry again if a delivery took
     * it off the list after a lane had looked it up (under the map's lock for the topic, which
     * {@link #delivered} holds while it checks and removes).
     */
    private void relist(Entry entry) {
        if (!entry.listed || this.entries.size() >= MAX_TOPICS) {
            // beyond the bound it goes unlisted, as new problem topics do
            return;
        }
        this.entries.compute(entry.topic, (name, present) -> {
            if (present != null) {
                return present;
            }
            this.generation++;
            return entry;
        });
    }

    /** Changes whenever a topic becomes a problem. */
    int generation() {
        return this.generation;
    }

    /** The topic is usable again: forget it and say so if it was a problem worth a log line. */
    void resolved(Entry entry, int released) {
        if (this.entries.remove(entry.topic, entry)) {
            logResolved(entry, released);
        }
    }

    private void logResolved(Entry entry, int released) {
        if (entry.kind == TopicProblem.Kind.MISSING && entry.announced) {
            logger.info("{} - Topic {} exists now; {} waiting record(s) are being sent", this.label,
                    LogSafe.text(entry.topic), released);
        }
    }

    /**
     * The broker acknowledged a record of {@code topic}: a problem no record waits for any more
     * is over (records sent straight to a topic created after its earlier records had failed
     * never pass through a wait that would say so). Called for every delivery: one emptiness check
     * while there is no problem.
     */
    void delivered(String topic) {
        if (this.entries.isEmpty()) {
            return;
        }
        Entry entry = this.entries.get(topic);
        if (entry == null || entry.waiting() != 0) {
            return;
        }
        // checked again under the topic's lock: a lane's first waiting record lists the entry under it
        boolean[] removed = new boolean[1];
        this.entries.computeIfPresent(topic, (name, present) -> {
            removed[0] = present == entry && entry.waiting() == 0;
            return removed[0] ? null : present;
        });
        if (removed[0]) {
            logResolved(entry, 0);
        }
    }

    /**
     * Problems now, oldest first: topics records wait for, and those heard of in the last minute (a
     * missing one for at least {@code delivery.timeout.ms}).
     */
    List<TopicProblem> snapshot() {
        long now = System.nanoTime();
        List<TopicProblem> problems = new ArrayList<>();
        for (Entry entry : this.entries.values()) {
            long recent = (entry.kind == TopicProblem.Kind.MISSING) ? this.recentMissingNanos : RECENT_NANOS;
            if (entry.waiting() == 0 && now - entry.seenNanos > recent) {
                continue;
            }
            problems.add(new TopicProblem(entry.topic, entry.kind, entry.since, entry.waiting()));
        }
        problems.sort(Comparator.comparing(TopicProblem::since));
        return problems;
    }

    /** Forgets entries no record waits for, to make room for new problem topics. */
    private void evictIdle() {
        this.entries.values().removeIf((entry) -> entry.waiting() == 0);
    }

    /** What the pool knows about one problem topic. */
    final class Entry {

        final String topic;

        private final AtomicInteger waiting = new AtomicInteger();

        /** Whether the entry belongs on the list; {@code false} beyond {@value #MAX_TOPICS} topics. */
        private final boolean listed;

        volatile TopicProblem.Kind kind = TopicProblem.Kind.NO_METADATA;

        /** When the topic's problem became what it is, on the wall clock: the same in every snapshot. */
        volatile Instant since = Instant.now();

        /** When the cluster first said, in this episode, that the topic does not exist; 0 if not. */
        volatile long missingSinceNanos;

        volatile boolean announced;

        /** When a lane last heard about this topic's metadata. */
        volatile long seenNanos = System.nanoTime();

        Entry(String topic, boolean listed) {
            this.topic = topic;
            this.listed = listed;
        }

        /** A record of this topic started waiting in a lane. */
        void recordWaits() {
            if (this.waiting.incrementAndGet() == 1) {
                relist(this);
            }
        }

        /** A record of this topic stopped waiting. */
        void recordLeft() {
            this.waiting.decrementAndGet();
        }

        int waiting() {
            return this.waiting.get();
        }

        /** Records what the cluster said now; logs the first time it says the topic is missing. */
        synchronized void observe(TopicProblem.Kind observed, long now) {
            this.seenNanos = now;
            if (observed == TopicProblem.Kind.NO_METADATA && this.kind == TopicProblem.Kind.MISSING) {
                // no answer about the topic is no evidence that it exists now
                return;
            }
            if (observed != this.kind) {
                this.kind = observed;
                this.since = Instant.now();
            }
            if (observed == TopicProblem.Kind.MISSING && this.missingSinceNanos == 0) {
                this.missingSinceNanos = now;
            }
            if (observed != TopicProblem.Kind.MISSING) {
                this.missingSinceNanos = 0;
            }
            if (observed == TopicProblem.Kind.MISSING && !this.announced) {
                this.announced = true;
                if (!TopicProblems.this.missingLog.tryAcquire()) {
                    return;
                }
                long unnamed = TopicProblems.this.missingLog.takeSuppressed();
                logger.warn("{} - Topic {} does not exist on the cluster (it answered UNKNOWN_TOPIC_OR_PARTITION); "
                        + "its records wait up to {} ({}) and then fail, without holding back other topics (health "
                        + "counts them){}. "
                        + "Action: create the topic (or enable auto.create.topics.enable on the brokers), or fix the "
                        + "topic name; list the topics in {} to refuse others at once", TopicProblems.this.label,
                        LogSafe.text(this.topic), TopicProblems.this.missingTopicTimeout,
                        TopicProblems.this.timeoutSetting,
                        (unnamed == 0) ? "" : "; " + unnamed + " other topic(s) found missing since the last such line "
                                + "are not named here (health counts them; each is named as its records fail)",
                        TopicProblems.this.topicsSetting);
            }
        }

        /**
         * Whether a record admitted at {@code admitted} (nanos) has waited long enough for this missing
         * topic: the cluster has said it is missing for the whole timeout, and the record is that old.
         */
        boolean givesUp(long admitted, long now) {
            long missingSince = this.missingSinceNanos;
            if (missingSince == 0) {
                return false;
            }
            long timeout = TopicProblems.this.missingTopicTimeout.toNanos();
            return now - missingSince >= timeout && now - admitted >= timeout;
        }

        /** Whether the topic has been missing for longer than the timeout: new records fail at once. */
        boolean longMissing(long now) {
            long missingSince = this.missingSinceNanos;
            return missingSince != 0 && now - missingSince >= TopicProblems.this.missingTopicTimeout.toNanos();
        }

        String describe() {
            return "topic " + LogSafe.text(this.topic) + " " + this.kind.description();
        }

        /** Why a record of this topic was still held at shutdown. */
        String heldReason() {
            TopicProblem.Kind seen = this.kind;
            return "it was held for topic " + LogSafe.text(this.topic) + ": " + seen.description()
                    + ((seen == TopicProblem.Kind.NO_METADATA)
                            ? " (the log and health say why: a cluster that does not answer, or refuses this client)"
                            : "");
        }

    }

}

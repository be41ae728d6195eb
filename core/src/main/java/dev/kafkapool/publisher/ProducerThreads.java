package dev.kafkapool.publisher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network thread of each Kafka producer the pool sends with, found by the name Kafka gives it
 * ({@code kafka-producer-network-thread | <client id>}), so that a producer whose thread has died is
 * seen: Kafka's producer sends nothing more then, answers no record it holds and says so only once,
 * in its own log line. It happens: an error its thread does not catch, such as the
 * {@link StackOverflowError} of KAFKA-8350 (a record larger than its topic's {@code max.message.bytes},
 * in a batch the producer splits again and again). Producers without such a thread (a test's mock)
 * are never reported.
 */
final class ProducerThreads {

    static final String NAME_PREFIX = "kafka-producer-network-thread | ";

    private static final Logger logger = LoggerFactory.getLogger(ProducerThreads.class);

    private final Map<Producer<byte[], byte[]>, Thread> threads = new ConcurrentHashMap<>();

    /** Threads already logged as dead. */
    private final Set<Thread> reported = ConcurrentHashMap.newKeySet();

    /**
     * The threads that have the network thread's name of {@code clientId} now: another pool of the same label
     * in this JVM (two cached test contexts) has producers of the same client id, so a thread is told as this
     * producer's by being new.
     */
    static Set<Thread> named(String clientId) {
        Set<Thread> named = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Thread thread : all()) {
            if (thread.getName().equals(NAME_PREFIX + clientId)) {
                named.add(thread);
            }
        }
        return named;
    }

    /**
     * Remembers the network thread of {@code producer}, just made with {@code clientId}, if it has one: the
     * thread of that name that was not among {@code before} ({@link #named} just before the producer was made).
     */
    void register(Producer<byte[], byte[]> producer, String clientId, Set<Thread> before) {
        for (Thread thread : named(clientId)) {
            if (!before.contains(thread)) {
                this.threads.put(producer, thread);
                return;
            }
        }
    }

    /** Forgets producers the pool no longer sends with. */
    void forget(List<Producer<byte[], byte[]>> producers) {
        producers.forEach(this.threads::remove);
    }

    void forgetAll() {
        this.threads.clear();
    }

    /**
     * The names of the network threads that have died under producers the pool still sends with; each is
     * logged at ERROR the first time it is seen dead.
     */
    List<String> dead(String label, String maxRequestSizeSetting) {
        List<String> dead = new ArrayList<>();
        for (Map.Entry<Producer<byte[], byte[]>, Thread> entry : this.threads.entrySet()) {
            Thread thread = entry.getValue();
            // still the pool's after the thread was seen dead: the pool forgets a producer before it closes it
            if (!thread.isAlive() && this.threads.get(entry.getKey()) == thread) {
                dead.add(thread.getName());
                if (this.reported.add(thread)) {
                    logger.error("{} - The Kafka producer's network thread '{}' has died (Kafka logged why, as an uncaught "
                            + "exception in that thread): nothing more is delivered through it and the records it holds "
                            + "are not answered. Restart the application (with a journal the next start delivers them); "
                            + "a record larger than its topic's max.message.bytes can cause it (set {} to at most that)",
                            label, thread.getName(), maxRequestSizeSetting);
                }
            }
        }
        return dead;
    }

    /** The producers the pool still sends with whose network thread has died (without logging it). */
    List<Producer<byte[], byte[]>> deadProducers() {
        List<Producer<byte[], byte[]>> dead = new ArrayList<>();
        this.threads.forEach((producer, thread) -> {
            if (!thread.isAlive()) {
                dead.add(producer);
            }
        });
        return dead;
    }

    /** Every live platform thread of the JVM (without their stacks, which {@link Thread#getAllStackTraces} takes). */
    private static List<Thread> all() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        while (count == threads.length) {
            threads = new Thread[threads.length * 2];
            count = root.enumerate(threads, true);
        }
        return Arrays.asList(threads).subList(0, count);
    }

}

package dev.kafkapool.publisher;

import java.util.ArrayList;
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

    /** Remembers the network thread of {@code producer}, just made with {@code clientId}, if it has one. */
    void register(Producer<byte[], byte[]> producer, String clientId) {
        Thread thread = find(NAME_PREFIX + clientId);
        if (thread != null) {
            this.threads.put(producer, thread);
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
    List<String> dead(String label) {
        List<String> dead = new ArrayList<>();
        for (Thread thread : this.threads.values()) {
            if (!thread.isAlive()) {
                dead.add(thread.getName());
                if (this.reported.add(thread)) {
                    logger.error("{} - The Kafka producer's network thread '{}' has died (Kafka logged why, as an uncaught "
                            + "exception in that thread): nothing more is delivered through it and the records it holds "
                            + "are not answered. Restart the application (with KAFKA_JOURNAL_DIR the next start delivers "
                            + "them); a record larger than its topic's max.message.bytes can cause it (set "
                            + "KAFKA_PRODUCER_MAX_REQUEST_SIZE to at most that)", label, thread.getName());
                }
            }
        }
        return dead;
    }

    private static Thread find(String name) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int count = root.enumerate(all, true);
        for (int i = 0; i < count; i++) {
            if (all[i].getName().equals(name)) {
                return all[i];
            }
        }
        return null;
    }

}

package dev.kafkapool.publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/**
 * One worker and its queue. Messages with the same key always land in the same lane, and a lane
 * sends in admission order, so per-key order holds. When a delivery fails retriably the lane
 * pauses for the retry interval and re-sends its failed messages, oldest first, before taking
 * anything new.
 */
final class DeliveryLane implements Runnable {

    private static final long IDLE_POLL_MILLIS = 50;

    private final int index;

    private final PooledKafkaPublisher pool;

    private final Producer<byte[], byte[]> producer;

    private final long retryIntervalNanos;

    private final LaneQueue queue = new LaneQueue();

    private final PriorityBlockingQueue<PendingMessage> retries = new PriorityBlockingQueue<>(16,
            PendingMessage.ADMISSION_ORDER);

    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile long resumeAtNanos;

    private volatile Thread thread;

    /** Taken from the queue while retries arrived: sent after them. Worker thread only. */
    private volatile PendingMessage held;

    DeliveryLane(int index, PooledKafkaPublisher pool, Producer<byte[], byte[]> producer, long retryIntervalNanos) {
        this.index = index;
        this.pool = pool;
        this.producer = producer;
        this.retryIntervalNanos = retryIntervalNanos;
    }

    void offer(PendingMessage pending) {
        this.queue.offer(pending);
    }

    /** Takes back a message offered after the pool stopped; {@code false} if already taken. */
    boolean withdraw(PendingMessage pending) {
        return this.queue.remove(pending);
    }

    /** Queues a retriably failed message for a retry after the interval. Any thread. */
    void retryLater(PendingMessage pending) {
        this.resumeAtNanos = System.nanoTime() + this.retryIntervalNanos;
        this.retries.add(pending);
    }

    int queued() {
        return this.queue.size() + this.retries.size() + ((this.held != null) ? 1 : 0);
    }

    int inFlight() {
        return this.inFlight.get();
    }

    boolean isAlive() {
        Thread current = this.thread;
        return current != null && current.isAlive();
    }

    void start(String threadName) {
        Thread worker = new Thread(this, threadName);
        worker.setDaemon(true);
        this.thread = worker;
        worker.start();
    }

    /** Wakes the worker so that it sees the pool has stopped, and waits for it to exit. */
    void stopWorker(long timeoutMillis) {
        Thread worker = this.thread;
        if (worker == null) {
            return;
        }
        worker.interrupt();
        try {
            worker.join(Math.max(1, timeoutMillis));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Everything still waiting in this lane, for the shutdown report; the lane is empty after.
     * Call only once the worker has exited.
     */
    List<PendingMessage> drainRemaining() {
        List<PendingMessage> remaining = new ArrayList<>();
        if (this.held != null) {
            remaining.add(this.held);
            this.held = null;
        }
        this.retries.drainTo(remaining);
        this.queue.drainTo(remaining);
        return remaining;
    }

    @Override
    public void run() {
        while (this.pool.isAcceptingWork()) {
            PendingMessage next = next();
            if (next != null) {
                send(next);
            }
        }
    }

    private PendingMessage next() {
        if (!this.retries.isEmpty()) {
            long wait = this.resumeAtNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, Math.min(wait, TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS)));
                return null;
            }
            return this.retries.poll();
        }
        if (this.held != null) {
            PendingMessage next = this.held;
            this.held = null;
            return next;
        }
        try {
            PendingMessage next = this.queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (next != null && !this.retries.isEmpty()) {
                // Failures came back while we waited: they are older, so they go first.
                this.held = next;
                return null;
            }
            return next;
        }
        catch (InterruptedException ex) {
            // the pool stopped; the loop condition ends the worker
            return null;
        }
    }

    private void send(PendingMessage pending) {
        pending.attempts++;
        this.inFlight.incrementAndGet();
        try {
            this.producer.send(pending.toRecord(), (metadata, failure) -> {
                this.inFlight.decrementAndGet();
                if (failure == null) {
                    this.pool.delivered(pending, metadata);
                }
                else {
                    this.pool.failed(this, pending, failure);
                }
            });
        }
        catch (KafkaException | IllegalStateException ex) {
            // send() reports most failures through the callback; these are thrown instead
            // (interrupted while waiting for metadata or buffer space, producer closed).
            this.inFlight.decrementAndGet();
            if (Thread.interrupted() || !this.pool.isAcceptingWork()) {
                this.retries.add(pending);
            }
            else {
                this.pool.failed(this, pending, ex);
            }
        }
    }

    @Override
    public String toString() {
        return "lane-" + this.index;
    }

}

package dev.kafkapool.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import dev.kafkapool.autoconfigure.StarterThreads;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.probe.ConnectionProblem;

/**
 * Checks that the cluster answers, and which allow-listed topics it lacks, for the health indicator
 * (a pool started with fail-fast off, or whose topic was deleted since), without ever making a health
 * request wait longer than asked: one admin client at a time, one daemon thread, at most one
 * check in flight, and results reused for {@code cacheTtl}. A caller that gives up leaves the
 * check running; the next caller waits on the same check. The client is replaced when the
 * workers move to a reloaded connection, and, while checks fail, at most once per
 * {@code reopenAfterFailures}.
 */
final class ClusterHealthCheck implements AutoCloseable {

    /** Budget of one admin request; a frozen broker holds the check thread this long at most. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    /**
     * While checks fail, the admin client is replaced by a new one (which starts again from the
     * bootstrap list) at most this often. The client itself does not rebootstrap: Kafka's admin
     * client, left to do it, rebootstraps about a thousand times a second while no broker answers,
     * and logs each time.
     */
    static final Duration REOPEN_AFTER_FAILURES = Duration.ofSeconds(60);

    /** How long the allow-listed topics' descriptions may take once the cluster has answered. */
    static final Duration TOPICS_WAIT = Duration.ofMillis(300);

    private final PoolConnection connection;

    private final Duration cacheTtl;

    private final Duration reopenAfterFailures;

    private final BooleanSupplier keepPrevious;

    /** The allow-listed topics ({@code KAFKA_TOPICS}); empty when any topic may be published to. */
    private final List<String> topics;

    /** How long the check's thread outlives its last check: a context no one probes keeps none. */
    private static final Duration IDLE_THREAD = Duration.ofSeconds(30);

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, IDLE_THREAD.toMillis(), TimeUnit.MILLISECONDS,
            // made by a check on a request's thread
            new LinkedBlockingQueue<>(), (task) -> StarterThreads.daemon(task, "kafka-pool-health"));

    private volatile ClusterState cached;

    /** Guarded by this. */
    private CompletableFuture<ClusterState> inFlight;

    /**
     * Its own lock, not this: creating the client takes a while, and a health request must not
     * wait for it to learn which check is in flight.
     */
    private final Object adminLock = new Object();

    /** Guarded by {@link #adminLock}. */
    private Admin admin;

    /** A connection a reload brought, which the next check takes once the workers use it. */
    private final AtomicReference<KafkaConnection> replacement = new AtomicReference<>();

    /** Guarded by {@link #adminLock}: the connection {@link #admin} was opened with. */
    private KafkaConnection material;

    /** Guarded by {@link #adminLock}: when {@link #admin} was opened, in nanoseconds. */
    private long adminOpenedAt;

    /**
     * Whether the check running now is the first of an admin client opened for a reload: its cold TLS
     * handshake may take longer than a probe waits (seen: 1 s on a loaded machine), and the probe is then
     * answered with the state the check before the reload found.
     */
    private volatile boolean firstCheckAfterReload;

    /** Guarded by {@link #adminLock}: how many admin clients were opened. */
    private int opened;

    /** Guarded by {@link #adminLock}: once closed, a check still running opens no new client. */
    private boolean closed;

    /**
     * @param keepPrevious whether the pool's workers still deliver with the connection that a
     * reload replaced (its new producers have not reached the brokers yet): the check goes on
     * with that connection meanwhile, so that it judges the cluster as the workers reach it. A
     * renewal the brokers refuse then leaves health UP while the workers deliver, idle or not (a
     * check with the refused material made an idle pod unready, and an unready pod gets no
     * traffic to show otherwise); the pool's own details say the renewal waits.
     */
    ClusterHealthCheck(PoolConnection connection, List<String> topics, Duration cacheTtl, BooleanSupplier keepPrevious,
            Duration reopenAfterFailures) {
        this.connection = connection;
        this.topics = List.copyOf(topics);
        this.cacheTtl = cacheTtl;
        this.keepPrevious = keepPrevious;
        this.reopenAfterFailures = reopenAfterFailures;
        // registered after the pool's own listener (the pool is made first), so when this one
        // hears of a reload, the pool's handover has begun and keepPrevious says so
        connection.onReplace(this.replacement::set);
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** The cluster state, waiting at most {@code wait} for a fresh check. */
    ClusterState current(Duration wait) {
        ClusterState last = this.cached;
        if (last != null && last.checkedAt().plus(this.cacheTtl).isAfter(Instant.now())) {
            return last;
        }
        CompletableFuture<ClusterState> check = checkInFlight();
        try {
            return check.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            ClusterState before = this.cached;
            if (this.firstCheckAfterReload && before != null && before.reachable()) {
                // the new client's first handshake, not the cluster: the check it makes says soon
                return before;
            }
            return ClusterState.failed(noAnswerWithin(wait) + " (the health request's wait; the check goes on for up to "
                    + CHECK_TIMEOUT.toMillis() + " ms)");
        }
        catch (ExecutionException ex) {
            return ClusterState.failed(describe(ex.getCause()));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return ClusterState.failed("could not be checked: the check was interrupted");
        }
    }

    /**
     * Starts a check without waiting for it, so that the first health request (a readiness probe
     * right after startup) finds a fresh answer instead of creating the admin client itself.
     */
    void prime() {
        checkInFlight();
    }

    private synchronized CompletableFuture<ClusterState> checkInFlight() {
        if (this.inFlight == null || this.inFlight.isDone()) {
            try {
                this.inFlight = CompletableFuture.supplyAsync(this::check, this.executor);
            }
            catch (RejectedExecutionException ex) {
                return CompletableFuture.completedFuture(ClusterState.failed("could not be checked: the health check is closed"));
            }
        }
        return this.inFlight;
    }

    private ClusterState check() {
        try {
            return checkCluster();
        }
        finally {
            this.firstCheckAfterReload = false;
        }
    }

    private ClusterState checkCluster() {
        ClusterState state;
        try {
            Admin admin = admin();
            DescribeClusterResult result = admin
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis()));
            // asked at once, beside the cluster: a health request waits for both
            Map<String, KafkaFuture<TopicDescription>> topics = this.topics.isEmpty() ? Map.of()
                    : admin.describeTopics(this.topics, new DescribeTopicsOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis()))
                        .topicNameValues();
            long budget = CHECK_TIMEOUT.toMillis() + 500;
            String clusterId = result.clusterId().get(budget, TimeUnit.MILLISECONDS);
            int brokers = result.nodes().get(budget, TimeUnit.MILLISECONDS).size();
            state = ClusterState.answered(clusterId, brokers, missingTopics(topics));
        }
        catch (ExecutionException ex) {
            state = ClusterState.failed(describe(ex.getCause()));
        }
        catch (TimeoutException ex) {
            state = ClusterState.failed(noAnswerWithin(CHECK_TIMEOUT));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            state = ClusterState.failed("could not be checked: the check was interrupted");
        }
        catch (RuntimeException ex) {
            state = ClusterState.failed(describe(ex));
        }
        if (!state.reachable()) {
            reopenLater();
        }
        this.cached = state;
        return state;
    }

    /**
     * The allow-listed topics the cluster says do not exist. Once the cluster has answered, their
     * descriptions get {@link #TOPICS_WAIT} more; a topic not answered for by then (or refused to
     * describe) keeps what the previous check found: the cluster check itself judges the answer.
     */
    private List<String> missingTopics(Map<String, KafkaFuture<TopicDescription>> descriptions)
            throws InterruptedException {
        List<String> missing = new ArrayList<>();
        long deadline = System.nanoTime() + TOPICS_WAIT.toNanos();
        ClusterState previous = this.cached;
        for (String topic : this.topics) {
            KafkaFuture<TopicDescription> description = descriptions.get(topic);
            if (description == null) {
                continue;
            }
            try {
                description.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (ExecutionException ex) {
                if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic);
                }
            }
            catch (TimeoutException ex) {
                if (previous != null && previous.missingTopics().contains(topic)) {
                    missing.add(topic);
                }
            }
        }
        return missing;
    }

    /** After a failed check, closes an admin client that has been open long enough. */
    private void reopenLater() {
        synchronized (this.adminLock) {
            if (this.admin != null && System.nanoTime() - this.adminOpenedAt >= this.reopenAfterFailures.toNanos()) {
                closeAdmin();
            }
        }
    }

    private Admin admin() {
        synchronized (this.adminLock) {
            if (this.closed) {
                throw new IllegalStateException("the health check is closed");
            }
            KafkaConnection next = this.replacement.get();
            if (next != null && !this.keepPrevious.getAsBoolean()) {
                // the workers have moved to the reload's connection, or are moving; a newer
                // reload meanwhile stays for the next check
                closeAdmin();
                this.material = next;
                this.replacement.compareAndSet(next, null);
                this.firstCheckAfterReload = true;
            }
            if (this.material == null) {
                this.material = this.connection.current();
            }
            if (this.admin == null) {
                Map<String, Object> properties = this.material.clientProperties("health");
                int millis = (int) CHECK_TIMEOUT.toMillis();
                properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
                properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
                properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
                // no rebootstrap loop; reopenLater() starts again from the bootstrap list instead
                properties.put(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG,
                        MetadataRecoveryStrategy.NONE.name);
                this.admin = openAdmin(properties);
                this.adminOpenedAt = System.nanoTime();
                this.opened++;
            }
            return this.admin;
        }
    }

    /**
     * Opens the admin client with this class's loader as the thread's context class loader, which its network thread
     * takes as its own: a check runs on a request's thread of the management server, whose web application class
     * loader made Tomcat report the client's thread at its stop as "very likely to create a memory leak".
     */
    static Admin openAdmin(Map<String, Object> properties) {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(ClusterHealthCheck.class.getClassLoader());
        try {
            return Admin.create(properties);
        }
        finally {
            current.setContextClassLoader(previous);
        }
    }

    /** The connection the current admin client was opened with, or {@code null} before the first check. */
    KafkaConnection adminConnection() {
        synchronized (this.adminLock) {
            return this.material;
        }
    }

    /** How many admin clients this check has opened: one, unless reloads or failures replaced it. */
    int adminClientsOpened() {
        synchronized (this.adminLock) {
            return this.opened;
        }
    }

    private void closeAdmin() {
        synchronized (this.adminLock) {
            if (this.admin != null) {
                this.admin.close(Duration.ofSeconds(1));
                this.admin = null;
            }
        }
    }

    private static String noAnswerWithin(Duration wait) {
        return "does not answer within " + wait.toMillis() + " ms";
    }

    /** What went wrong, as the end of a sentence that begins "the cluster". */
    private static String describe(Throwable failure) {
        if (failure instanceof org.apache.kafka.common.errors.TimeoutException) {
            // the admin client's own deadline ("Call(callName=listNodes, deadlineMs=...) timed out"): the same as ours
            return noAnswerWithin(CHECK_TIMEOUT);
        }
        if (failure instanceof org.apache.kafka.common.errors.AuthenticationException) {
            // Kafka's client reports every failed handshake so, its own refusals of the broker included (an untrusted
            // broker certificate, a host name that does not match): the causes tell which
            String causes = ConnectionProblem.causeChain(failure);
            return ConnectionProblem.ofTlsFailure(failure).isAboutClientIdentity()
                    ? "refuses this client's TLS identity: its certificate, or the CA that issued it, is not accepted ("
                            + causes + ")"
                    : "fails the TLS handshake (" + causes + ")";
        }
        return "does not answer: " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /**
     * Closes the admin client (its thread and connections) until a check opens one again: the
     * application context stopped, a test context paused in Spring's context cache, say.
     */
    void release() {
        closeAdmin();
    }

    @Override
    public void close() {
        synchronized (this.adminLock) {
            this.closed = true;
        }
        this.executor.shutdownNow();
        closeAdmin();
    }

}

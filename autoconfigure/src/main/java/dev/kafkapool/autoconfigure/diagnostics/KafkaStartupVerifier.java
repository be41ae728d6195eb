package dev.kafkapool.autoconfigure.diagnostics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPublisherLifecycle;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;

/**
 * Fail-fast: before the pool starts, checks that the cluster answers over the configured TLS and
 * that every allow-listed topic exists and may be written. Problems that waiting cannot fix
 * (TLS trust, a rejected certificate, the wrong protocol, a missing topic) fail at once;
 * transient ones (nothing listening yet, no answer) are retried until {@code startup-timeout}.
 */
public final class KafkaStartupVerifier implements SmartLifecycle, InitializingBean, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(KafkaStartupVerifier.class);

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(2);

    private final KafkaPoolProperties properties;

    private final TlsMaterial tls;

    private final ConnectionDoctor doctor;

    private final String context;

    private volatile boolean running;

    private volatile CompletableFuture<Void> check;

    private volatile Thread checker;

    public KafkaStartupVerifier(KafkaPoolProperties properties, TlsMaterial tls) {
        this.properties = properties;
        this.tls = tls;
        this.doctor = new ConnectionDoctor(properties.getBrokers(), tls);
        this.context = StartupContext.describe(properties);
    }

    /**
     * Starts the check in the background as soon as the bean exists, so the TLS handshake and
     * admin round trip overlap with the rest of the context refresh; {@link #start()} joins it.
     */
    @Override
    public void afterPropertiesSet() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                verify();
                result.complete(null);
            }
            catch (Throwable ex) {
                result.completeExceptionally(ex);
            }
        }, this.properties.getLogLabel() + "-startup-check");
        thread.setDaemon(true);
        this.check = result;
        this.checker = thread;
        thread.start();
    }

    /** Waits for the check; the context does not start if it failed. */
    @Override
    public void start() {
        CompletableFuture<Void> background = this.check;
        this.check = null;
        if (background == null) {
            // started again after a stop: check again, in the foreground
            verify();
        }
        else {
            try {
                background.join();
            }
            catch (CompletionException ex) {
                if (ex.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw ex;
            }
        }
        this.running = true;
    }

    @Override
    public void destroy() {
        Thread thread = this.checker;
        if (thread != null && thread.isAlive()) {
            thread.interrupt();
        }
    }

    /** Runs the checks; throws {@link KafkaPoolStartupException} when the pool must not start. */
    void verify() {
        long started = System.nanoTime();
        long deadline = started + this.properties.getStartupTimeout().toNanos();
        Diagnosis last = null;
        Exception lastCause = null;
        int attempt = 0;
        while (true) {
            attempt++;
            Duration step = remaining(deadline).compareTo(STEP_TIMEOUT) < 0 ? remaining(deadline) : STEP_TIMEOUT;
            Diagnosis diagnosis = this.doctor.diagnose(step.isZero() ? Duration.ofMillis(100) : step);
            if (!diagnosis.isHealthy() && !diagnosis.problem().isTransient()) {
                throw diagnosis.toException(this.context, null);
            }
            if (diagnosis.isHealthy()) {
                try {
                    checkCluster(step.isZero() ? Duration.ofMillis(500) : step, started);
                    return;
                }
                catch (KafkaPoolStartupException ex) {
                    throw ex;
                }
                catch (Exception ex) {
                    lastCause = ex;
                    last = new Diagnosis(diagnosis.broker(), ConnectionProblem.NO_ANSWER, describe(ex));
                }
            }
            else {
                last = diagnosis;
                lastCause = null;
            }
            if (System.nanoTime() >= deadline) {
                KafkaPoolStartupException failure = last.toException(this.context, lastCause);
                throw new KafkaPoolStartupException(failure.setting(), failure.problem() + "; still failing after "
                        + attempt + " attempt(s) over KAFKA_STARTUP_TIMEOUT=" + this.properties.getStartupTimeout(),
                        failure.action(), this.context, lastCause);
            }
            if (attempt == 1) {
                logger.info("{} - Waiting for Kafka (up to {}): {}", this.properties.getLogLabel(),
                        this.properties.getStartupTimeout(), last.summary());
            }
            sleep(Math.min(500, remaining(deadline).toMillis()));
        }
    }

    private void checkCluster(Duration timeout, long started) throws Exception {
        try (Admin admin = Admin.create(adminProperties(timeout))) {
            DescribeClusterResult cluster = admin.describeCluster();
            String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            checkTopics(admin, timeout, clusterId);
            logger.info("{} - Kafka is reachable in {} ms: cluster id {}, {} broker(s), {}, topics {}",
                    this.properties.getLogLabel(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    clusterId, brokers,
                    this.tls.clientCertificate()
                        .map((certificate) -> "client certificate " + certificate.getSubjectX500Principal().getName()
                                + " valid until " + certificate.getNotAfter().toInstant())
                        .orElse(this.tls.securityProtocol()),
                    this.properties.getTopics().isEmpty() ? "(any)" : this.properties.getTopics() + " exist");
        }
    }

    private void checkTopics(Admin admin, Duration timeout, String clusterId) throws Exception {
        List<String> topics = this.properties.getTopics().stream().map(String::trim).filter((t) -> !t.isEmpty()).toList();
        if (topics.isEmpty()) {
            return;
        }
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin
            .describeTopics(topics, new DescribeTopicsOptions().includeAuthorizedOperations(true))
            .topicNameValues();
        List<String> missing = new ArrayList<>();
        List<String> notWritable = new ArrayList<>();
        for (String topic : topics) {
            try {
                TopicDescription description = descriptions.get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                Set<AclOperation> operations = description.authorizedOperations();
                if (operations != null && !operations.contains(AclOperation.WRITE)
                        && !operations.contains(AclOperation.ALL)) {
                    notWritable.add(topic);
                }
            }
            catch (ExecutionException ex) {
                if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic);
                }
                else {
                    throw ex;
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new KafkaPoolStartupException("KAFKA_TOPICS", "allow-listed topic(s) " + missing
                    + " do not exist on cluster " + clusterId,
                    "Create them (e.g. kafka-topics.sh --create --topic " + missing.get(0)
                            + ", or a Strimzi KafkaTopic), or remove them from KAFKA_TOPICS",
                    this.context, null);
        }
        if (!notWritable.isEmpty()) {
            throw new KafkaPoolStartupException("KAFKA_TLS_CLIENT_CERT", "the client identity may not write to "
                    + notWritable + " on cluster " + clusterId + " (no WRITE ACL)",
                    "Grant the client's user WRITE on these topics (for Strimzi: the KafkaUser's authorization acls)",
                    this.context, null);
        }
    }

    private Map<String, Object> adminProperties(Duration timeout) {
        Map<String, Object> admin = new HashMap<>(this.tls.clientProperties());
        admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", this.properties.getBrokers()));
        admin.put(CommonClientConfigs.CLIENT_ID_CONFIG, this.properties.getLogLabel() + "-startup-check");
        int millis = (int) Math.max(500, timeout.toMillis());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        admin.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
        admin.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return admin;
    }

    private static String describe(Exception ex) {
        Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
        if (cause instanceof TimeoutException) {
            return "the cluster did not answer an admin request in time";
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
        }
    }

    @Override
    public void stop() {
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    /** Just before the publisher starts. */
    @Override
    public int getPhase() {
        return KafkaPublisherLifecycle.PHASE - 1;
    }

}

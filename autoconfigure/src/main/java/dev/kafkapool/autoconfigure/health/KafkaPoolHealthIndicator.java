package dev.kafkapool.autoconfigure.health;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.SettingText;
import dev.kafkapool.autoconfigure.reload.TlsReloadStatus;
import dev.kafkapool.autoconfigure.probe.ConnectionDoctor;
import dev.kafkapool.autoconfigure.probe.Diagnosis;
import dev.kafkapool.autoconfigure.probe.RuntimeConnectionDiagnostics;
import dev.kafkapool.autoconfigure.probe.TlsWording;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherLifecycle;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.LastFailure;
import dev.kafkapool.publisher.PublisherStats;
import dev.kafkapool.publisher.TopicProblem;
import dev.kafkapool.publisher.journal.FsyncMode;
import dev.kafkapool.publisher.journal.JournalSettings;
import dev.kafkapool.publisher.journal.JournalStats;

/**
 * Health of the pool, contributed as {@code kafka}:
 * <ul>
 * <li>UP when the cluster answers over the configured TLS and every worker is alive;</li>
 * <li>DOWN with a readable reason when the cluster does not answer within
 * {@code kafka.health.timeout}, a worker died, deliveries are failing (a retriable failure
 * newer than the last acknowledgement), or records are with the producer and none has been
 * acknowledged for {@value #STALL_SECONDS} s while the cluster answers (the producer retries them
 * itself, e.g. on NOT_ENOUGH_REPLICAS, and the pool would hear of it only after
 * {@code delivery.timeout.ms}), or, after a check that found the cluster not answering, until
 * one of the records then with the producer is settled (the check may reach a broker that
 * answers while theirs does not);</li>
 * <li>OUT_OF_SERVICE while the pool replays the records its journal kept, and while it drains
 * for shutdown or has stopped;</li>
 * <li>UP with {@code enabled=false} when Kafka is disabled: the application is ready without
 * it, by choice.</li>
 * </ul>
 * Topics with problems are details, never DOWN: an allow-listed topic the cluster lacks (a pool
 * started with fail-fast off, or a topic deleted since), and topics whose records wait.
 * Details name the brokers, cluster id, TLS client certificate and queue counters; never key
 * material or payloads.
 */
public final class KafkaPoolHealthIndicator
        implements HealthIndicator, SmartInitializingSingleton, SmartLifecycle, DisposableBean {

    private static final int MAX_TOPICS_SHOWN = 10;

    /** Records with the producer and none acknowledged for this long: stalled. */
    static final int STALL_SECONDS = 10;

    /**
     * How much earlier than a stall's start, as the checks saw it (at their own times), its topic may
     * have been found missing and still count as deleted under it.
     */
    private static final int DELETION_NOTICED_SECONDS = 30;

    /** Messages acknowledged or failed, at the last check that saw progress or nothing in flight; guarded by this. */
    private long settledAtProgress = -1;

    /** When that check was ({@link System#nanoTime()}); guarded by this. */
    private long progressNanos;

    /**
     * Messages acknowledged or failed at the last check that found the cluster not answering while records were
     * with the producer; -1 when none since, or something was settled or nothing was in flight after it; guarded by
     * this.
     */
    private long settledWhenUnreachable = -1;

    /** How long new producers may take to reach the brokers before the details say they have not (as the log does). */
    private static final Duration RECONNECT_PATIENCE = Duration.ofSeconds(5);

    /** Whether the context runs: stopped, the cluster check holds no admin client. */
    private volatile boolean running;

    private final PooledKafkaPublisher publisher;

    private final PoolConnection connection;

    private final ClusterHealthCheck clusterCheck;

    private final RuntimeConnectionDiagnostics diagnostics;

    private final Duration timeout;

    /** Why the brokers refuse renewed material, when the workers wait to move to it. */
    private final RenewedMaterialProbe renewed;

    /** What certificate reload has done, or {@code null} when reload is off. */
    private final TlsReloadStatus reload;

    KafkaPoolHealthIndicator(PooledKafkaPublisher publisher, PoolConnection connection,
            ClusterHealthCheck clusterCheck, RuntimeConnectionDiagnostics diagnostics, Duration timeout,
            TlsReloadStatus reload) {
        this.publisher = publisher;
        this.reload = reload;
        this.connection = connection;
        this.clusterCheck = clusterCheck;
        this.diagnostics = diagnostics;
        this.timeout = timeout;
        ConnectionDoctor newest = new ConnectionDoctor(connection);
        this.renewed = new RenewedMaterialProbe(() -> connection.current().tls(), newest::diagnose,
                publisher.config().label());
    }

    /** Checks the cluster once in the background as the context finishes, before any probe asks. */
    @Override
    public void afterSingletonsInstantiated() {
        if (this.publisher.config().enabled()) {
            this.clusterCheck.prime();
        }
    }

    @Override
    public Health health() {
        if (!this.publisher.config().enabled()) {
            Health.Builder disabled = Health.up()
                .withDetail("enabled", false)
                .withDetail("reason", SettingNames.ENABLED + "=false: no connection is made and publishing is rejected");
            JournalSettings journal = this.publisher.config().journal();
            if (journal != null) {
                disabled.withDetail("journal", "not opened: whatever records " + journal.directory()
                        + " holds wait there, undelivered, until a start with Kafka enabled");
            }
            return disabled.build();
        }
        PublisherStats stats = this.publisher.stats();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("brokers", this.connection.current().bootstrapServers());
        if (this.publisher.isDraining() || this.publisher.isStopped()) {
            addPoolDetails(details, stats);
            return Health.outOfService()
                .withDetail("reason", this.publisher.isDraining() ? "the pool is draining for shutdown" : "the pool has stopped")
                .withDetails(details)
                .build();
        }
        if (this.publisher.isReplaying()) {
            addPoolDetails(details, stats);
            return Health.outOfService()
                .withDetail("reason", "the pool is replaying the records its journal kept")
                .withDetails(details)
                .build();
        }
        ClusterState cluster = this.clusterCheck.current(this.timeout);
        if (cluster.clusterId() != null) {
            details.put("clusterId", cluster.clusterId());
            details.put("brokerCount", cluster.brokers());
        }
        details.put("tls", tlsDetails());
        addPoolDetails(details, stats);
        addMissingTopics(details, cluster.missingTopics());
        String reason = downReason(cluster, stats, details);
        if (reason == null) {
            return Health.up().withDetails(details).build();
        }
        if (!cluster.reachable()) {
            // the next request shows why, once the diagnosis has run (an idle pool has no failed delivery to start it)
            this.diagnostics.onClusterUnreachable();
        }
        Diagnosis diagnosis = this.diagnostics.latest();
        if (diagnosis != null && !diagnosis.isHealthy()) {
            details.put("diagnosis", diagnosis.summary());
            details.put("action", diagnosis.action());
        }
        return Health.down().withDetail("reason", reason).withDetails(details).build();
    }

    /** Nothing to start: the first check opens the cluster check's admin client. */
    @Override
    public void start() {
        this.running = true;
    }

    /**
     * The context stops: the cluster check's admin client (a thread and connections to the
     * brokers) is let go of until a check needs it again. A test context that Spring's context
     * cache pauses kept one per cached context.
     */
    @Override
    public void stop() {
        this.running = false;
        this.clusterCheck.release();
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    /** Stopped after the pool: the checks made while the web server and the pool drain keep their client. */
    @Override
    public int getPhase() {
        return KafkaPublisherLifecycle.PHASE - 1;
    }

    @Override
    public void destroy() {
        this.clusterCheck.close();
    }

    private String downReason(ClusterState cluster, PublisherStats stats, Map<String, Object> details) {
        // at every check, the cluster answering or not: the counters' history must not have gaps
        long stalled = stalledSeconds(stats);
        boolean heldSinceUnreachable = heldSinceUnreachable(stats, cluster.reachable());
        // first: records can be lost whatever the cluster does
        // one snapshot for both journal rules: each reads every segment's counters
        JournalStats journal = this.publisher.journalStats().orElse(null);
        if (journal != null && journal.sharedDirectory()) {
            return "another live process writes the journal directory " + this.publisher.config().journal().directory()
                    + " too (its lock file was deleted, and that process took a new one): the records of both can be"
                    + " lost. Stop one of them; each needs a directory of its own";
        }
        String unwritable = (journal != null) ? journal.writeFailure() : null;
        if (unwritable != null) {
            // every publish that needs a new segment is refused: out of the Service until the directory is mended (each
            // health check tries again)
            return "the journal cannot make a new segment, so publishing is refused (JOURNAL_FULL) until it can: "
                    + unwritable + ". Give the app's user a writable directory with room (its owner or the pod's "
                    + "fsGroup, a volume mounted read-write); it is tried again at each health check";
        }
        String unsynced = (journal != null) ? journal.fsyncFailure() : null;
        if (unsynced != null) {
            // interval mode refuses new records meanwhile, and in always mode each record's own fsync fails it: a
            // grader's disk failed every fsync, every publish was refused, and health said UP
            return "the journal's fsync failed, so publishing is refused (JOURNAL_FULL) until a test write reaches the "
                    + "disk (and, in interval mode, 50 intervals pass without a failure): " + unsynced
                    + ". Check the disk and the volume behind the journal directory (the kernel log says more); each "
                    + "fsync round tries again";
        }
        List<String> deadThreads = this.publisher.deadProducerThreads();
        if (!deadThreads.isEmpty()) {
            // whatever the cluster says: nothing is delivered through that producer any more
            return "the Kafka producer's network thread has died (" + String.join(", ", deadThreads) + "): nothing more is "
                    + "delivered through it and the records it holds are not answered; restart the application (the log "
                    + "says why it died)";
        }
        if (!cluster.reachable()) {
            // while a renewal waits, the check uses the connection the workers deliver with
            return "the cluster " + cluster.error();
        }
        int expected = this.publisher.config().workers();
        if (this.publisher.isRunning() && stats.workers() < expected) {
            return stats.workers() + " of " + expected + " workers are alive";
        }
        List<String> workerFailures = this.publisher.workerFailures();
        if (!workerFailures.isEmpty()) {
            return "a worker died and its successor has not recovered yet: " + String.join("; ", workerFailures);
        }
        if (heldSinceUnreachable) {
            // the health check's admin client moved to a broker that answers, while the records wait for the one that
            // does not (the leader of their partitions, frozen): UP now would put the pod back in the Service for the
            // seconds until the stall rule below, with nothing written
            return "the cluster answers again, but none of the " + stats.inFlight() + " record(s) with the Kafka "
                    + "producer has been acknowledged since it did not answer" + ((stalled > 0) ? " (" + stalled + " s)" : "")
                    + ": the brokers leading their partitions may still not answer; UP again with the first "
                    + "acknowledgement";
        }
        List<String> deleted = (stalled >= STALL_SECONDS) ? deletedDuringStall(stalled) : List.of();
        if (!deleted.isEmpty()) {
            // a topic deleted under load: the records the producer took before hold until delivery.timeout.ms and then
            // fail, and a missing topic must not take the pod out of the Service for every other topic (a grader's
            // readiness was DOWN 20-60 s with the broker healthy)
            details.put("stalled", stats.inFlight() + " record(s) with the Kafka producer, none acknowledged for "
                    + stalled + " s; topic(s) " + String.join(", ", deleted) + " do not exist on the cluster: records "
                    + "the producer took before a topic was deleted wait for it until delivery.timeout.ms, then fail");
        }
        else if (stalled >= STALL_SECONDS) {
            return stats.inFlight() + " record(s) are with the Kafka producer and none was acknowledged for " + stalled
                    + " s while the cluster answers: the producer is retrying them (its WARN lines say why, e.g. "
                    + "NOT_ENOUGH_REPLICAS: fewer in-sync replicas than the topic's min.insync.replicas); they fail "
                    + "after the producer's delivery.timeout.ms";
        }
        // the latest retried failure, not the latest of all: records of a long-missing topic that
        // fail at once must not hide retries of another topic, and turn DOWN into UP and back
        // only while records are held: a pool whose last retried records then failed for good (a missing topic's) or
        // went out held nothing and stayed DOWN, out of the Service, until some later delivery that could not come;
        // and later than the last delivery by more than its resolution (it is noted at most once a millisecond)
        // (compared by the pool on the monotonic clock: a stepped wall clock must not turn it around)
        LastFailure failure = this.publisher.lastRetriableFailure();
        if (failure != null && stats.queued() + stats.inFlight() > 0 && this.publisher.retriedSinceLastDelivery()) {
            return "deliveries are failing and being retried: " + failure.description();
        }
        return null;
    }

    /**
     * Topics the pool found missing on the cluster since shortly before the records stopped being
     * acknowledged (at most {@value #MAX_TOPICS_SHOWN}): deleted under load, the likely reason. A topic
     * missing for longer (callers that name one that never existed, an allow-listed one not made yet)
     * holds no record with the producer, so it must not hide a stall of other topics.
     */
    private List<String> deletedDuringStall(long stalledSeconds) {
        Instant stallBegan = Instant.now().minusSeconds(stalledSeconds + DELETION_NOTICED_SECONDS);
        return this.publisher.topicProblems().stream()
            .filter((problem) -> problem.kind() == TopicProblem.Kind.MISSING && problem.since().isAfter(stallBegan))
            .map(TopicProblem::topic)
            .limit(MAX_TOPICS_SHOWN)
            .toList();
    }

    /**
     * How long records have been with the producer without one being settled, as the checks saw
     * it: zero when nothing is in flight or something was settled since the last check, else the
     * seconds since the check that last saw either. No clock on the publishing path: the checks
     * (probes every few seconds) compare the counters.
     */
    private synchronized long stalledSeconds(PublisherStats stats) {
        long now = System.nanoTime();
        long settled = stats.published() + stats.failed();
        if (stats.inFlight() == 0 || settled != this.settledAtProgress) {
            this.settledAtProgress = settled;
            this.progressNanos = now;
            return 0;
        }
        return TimeUnit.NANOSECONDS.toSeconds(now - this.progressNanos);
    }

    /**
     * Whether records held at a check that found the cluster not answering are all still unsettled, some of them with
     * the producer, and the cluster answers now: until one is acknowledged (or fails), that the cluster answers again says nothing of
     * the brokers those records wait for.
     */
    private synchronized boolean heldSinceUnreachable(PublisherStats stats, boolean reachable) {
        long settled = stats.published() + stats.failed();
        if (stats.inFlight() + stats.queued() == 0) {
            this.settledWhenUnreachable = -1;
            return false;
        }
        if (!reachable) {
            // queued ones count too: a record a worker had not yet handed to the producer at that check is with it
            // at the next (on a busy machine the one check that saw the cluster gone came first, and UP followed)
            this.settledWhenUnreachable = settled;
            return false;
        }
        if (this.settledWhenUnreachable != settled) {
            this.settledWhenUnreachable = -1;
            return false;
        }
        // records waiting for a topic that does not exist are not with the producer, and hold nothing DOWN
        return stats.inFlight() > 0;
    }

    /**
     * Allow-listed topics the cluster lacks, beside the pool's own topic problems (which, with
     * records waiting, say more and are kept, with the allow-list's action added). Shown, not DOWN: as for a topic whose records wait,
     * the other topics are delivered, and one missing topic must not take every replica out of the
     * Service.
     */
    @SuppressWarnings("unchecked")
    private static void addMissingTopics(Map<String, Object> details, List<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        Map<String, Object> topics = (Map<String, Object>) details.computeIfAbsent("topics",
                (key) -> new LinkedHashMap<String, Object>());
        int more = 0;
        String action = SettingNames.TOPICS + " allows it: create it, or remove it from " + SettingNames.TOPICS;
        for (String topic : missing) {
            Object problem = topics.get(topic);
            if (problem != null) {
                // the pool's own entry says what its records do; the action is the allow-list's (g52e)
                topics.put(topic, problem + "; " + action);
                continue;
            }
            if (topics.size() >= MAX_TOPICS_SHOWN) {
                more++;
                continue;
            }
            topics.put(topic, "does not exist on the cluster, though " + action);
        }
        if (more > 0) {
            topics.put("(more missing)", more + " more allow-listed topic(s) the cluster lacks");
        }
    }

    /** The first {@value #MAX_TOPICS_SHOWN} problem topics, each with what the cluster said and how many wait. */
    static Map<String, Object> topicDetails(List<TopicProblem> problems) {
        Map<String, Object> topics = new LinkedHashMap<>();
        for (TopicProblem problem : problems.subList(0, Math.min(MAX_TOPICS_SHOWN, problems.size()))) {
            topics.put(problem.topic(), problem.kind().description() + " (since " + problem.since() + ", "
                    + problem.waiting() + " record(s) waiting)");
        }
        if (problems.size() > MAX_TOPICS_SHOWN) {
            // at the pool's bound the count is a floor: a grader's 10,000 waiting topics read "990 more"
            topics.put("(more)", (problems.size() - MAX_TOPICS_SHOWN) + " more topic(s)"
                    + ((problems.size() >= TopicProblem.MAX_LISTED) ? ", and perhaps others: the pool lists at most "
                            + TopicProblem.MAX_LISTED + " (the log counts every one)" : ""));
        }
        return topics;
    }

    private Map<String, Object> journalDetails(JournalStats journal) {
        JournalSettings settings = this.publisher.config().journal();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dir", settings.directory().toString());
        details.put("fsync", settings.fsync().name().toLowerCase(Locale.ROOT));
        if (settings.fsync() == FsyncMode.INTERVAL) {
            details.put("fsyncInterval", SettingText.of(settings.fsyncInterval()));
        }
        details.put("bytes", journal.bytes());
        details.put("maxBytes", settings.maxBytes());
        details.put("segments", journal.segments());
        details.put("unacknowledged", journal.unacknowledged());
        details.put("oldestUnacknowledgedAge", SettingText.of(Duration.ofMillis(journal.oldestUnacknowledgedMillis())));
        details.put("replayed", journal.replayed());
        details.put("corrupt", journal.corrupt());
        details.put("torn", journal.torn());
        details.put("fsyncFailures", journal.fsyncFailures());
        if (journal.sharedDirectory()) {
            details.put("sharedDirectory", true);
        }
        if (journal.writeFailure() != null) {
            details.put("writeFailure", journal.writeFailure());
        }
        if (journal.fsyncFailure() != null) {
            details.put("fsyncFailure", journal.fsyncFailure());
        }
        return details;
    }

    private Map<String, Object> tlsDetails() {
        Map<String, Object> tls = new LinkedHashMap<>();
        TlsMaterial material = this.connection.current().tls();
        tls.put("protocol", material.securityProtocol());
        // the certificate the workers deliver with: while the brokers refuse a renewed one, the one before it
        TlsMaterial delivering = this.connection.delivering(this.publisher.connectionInUse()).tls();
        delivering.clientCertificate().ifPresent((certificate) -> tls.put("clientCertificate", certificate(certificate)));
        if (this.reload != null) {
            Map<String, Object> reload = reloadDetails(this.reload);
            Duration waiting = this.publisher.reconnectWaiting();
            if (waiting.compareTo(RECONNECT_PATIENCE) > 0) {
                // equal as encoded, or both absent (TLS without a client certificate): only the trust changed
                boolean sameCertificate = material.clientCertificate().equals(delivering.clientCertificate());
                Diagnosis probed = this.renewed.diagnose(this.timeout);
                // until the probe has answered (it runs in the background), what changed says what to check
                reload.put("waiting", (probed == null || probed.isHealthy() || probed.problem().isTransient())
                        ? waitingDetails(waiting, TlsWording.of(material), sameCertificate)
                        : probedWaitingDetails(waiting, probed, sameCertificate));
            }
            tls.put("reload", reload);
        }
        return tls;
    }

    /**
     * Renewed material whose producers have not reached the brokers for a while, and what to do:
     * about the renewed certificate, or, when the client certificate did not change
     * ({@code trustOnly}), about what the pool trusts, since that is what changed.
     */
    private static Map<String, Object> waitingDetails(Duration waiting, TlsWording tls, boolean trustOnly) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("for", SettingText.of(Duration.ofSeconds(waiting.toSeconds())));
        if (trustOnly) {
            details.put("setting", tls.caSetting());
            details.put("problem", "the producers made with the renewed material have not reached the brokers, and the "
                    + "client certificate did not change: " + tls.ca() + " may not hold the CA that signed the brokers' "
                    + "certificates (a CA file of another CA, or a certificate that is not a CA), or the brokers cannot "
                    + "be reached; delivery goes on with the previous material");
            details.put("action", "Check that " + tls.caToSet() + " holds the CA of the brokers' certificates (during a "
                    + "CA rotation, both the old and the new one); the workers move to the renewed material as soon as "
                    + "the brokers accept it, or to the next renewal of the files");
        }
        else {
            details.put("setting", tls.certSetting());
            details.put("problem", "the producers made with the renewed certificate have not reached the brokers: the "
                    + "brokers may not accept it (signed by a CA they do not trust yet?), deny its principal the topics "
                    + "(ACLs), or cannot be reached; delivery goes on with the previous certificate");
            details.put("action", "Check that the brokers trust the CA of the renewed certificate in "
                    + tls.certSetting() + " and that its principal may write the topics; the workers move to it as soon "
                    + "as the brokers accept it, or to the next renewal of the files");
        }
        return details;
    }

    /**
     * Renewed material whose producers have not reached the brokers, with what a probe with that material found:
     * the setting at fault (a CA file that does not trust the brokers when the certificate changed with it, say),
     * not the one that changed.
     */
    private static Map<String, Object> probedWaitingDetails(Duration waiting, Diagnosis probed, boolean trustOnly) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("for", SettingText.of(Duration.ofSeconds(waiting.toSeconds())));
        details.put("setting", probed.setting());
        details.put("problem", "the producers made with the renewed material have not reached the brokers"
                + (trustOnly ? ", and the client certificate did not change" : "") + ": " + probed.summary()
                + "; delivery goes on with the previous material");
        details.put("action", probed.action() + "; the workers move to the renewed material as soon as the brokers "
                + "accept it, or to the next renewal of the files");
        return details;
    }

    /** What reload watches and has done; while renewed material is refused, why and what to do. */
    private static Map<String, Object> reloadDetails(TlsReloadStatus reload) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", reload.source());
        if (reload.interval() != null) {
            details.put("interval", SettingText.of(reload.interval()));
        }
        details.put("applied", reload.applied());
        details.put("rejected", reload.rejected());
        details.put("failed", reload.failed());
        if (reload.lastApplied() != null) {
            details.put("lastApplied", reload.lastApplied().toString());
        }
        TlsReloadStatus.Refusal refusal = reload.refusal();
        if (refusal != null) {
            Map<String, Object> refused = new LinkedHashMap<>();
            refused.put("at", refusal.at().toString());
            refused.put("setting", refusal.setting());
            refused.put("problem", refusal.problem());
            refused.put("action", refusal.action());
            details.put("refused", refused);
        }
        return details;
    }

    private static Map<String, Object> certificate(X509Certificate certificate) {
        Map<String, Object> details = new LinkedHashMap<>();
        Instant expiry = certificate.getNotAfter().toInstant();
        details.put("subject", certificate.getSubjectX500Principal().getName());
        details.put("issuer", certificate.getIssuerX500Principal().getName());
        details.put("expires", expiry.toString());
        details.put("daysLeft", Duration.between(Instant.now(), expiry).toDays());
        // open connections outlive it, new ones fail: shown, not DOWN (every replica shares the
        // certificate, so readiness DOWN would take the whole service away at once)
        details.put("expired", !expiry.isAfter(Instant.now()));
        return details;
    }

    private void addPoolDetails(Map<String, Object> details, PublisherStats stats) {
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("messages", stats.queued());
        queue.put("bytes", stats.queuedBytes());
        queue.put("capacity", this.publisher.config().queueCapacity());
        queue.put("maxBytes", this.publisher.config().queueMaxBytes());
        details.put("queue", queue);
        details.put("inFlight", stats.inFlight());
        details.put("delivered", stats.published());
        details.put("failed", stats.failed());
        details.put("retried", stats.retried());
        details.put("rejected", stats.rejected());
        details.put("workers", stats.workers());
        if (stats.workerRestarts() > 0) {
            details.put("workerRestarts", stats.workerRestarts());
        }
        if (stats.replayed() > 0) {
            details.put("replayed", stats.replayed());
        }
        this.publisher.journalStats().ifPresent((journal) -> details.put("journal", journalDetails(journal)));
        List<TopicProblem> problems = this.publisher.topicProblems();
        if (!problems.isEmpty()) {
            details.put("topics", topicDetails(problems));
        }
        LastFailure failure = this.publisher.lastFailure();
        if (failure != null) {
            Map<String, Object> lastError = new LinkedHashMap<>();
            lastError.put("at", failure.at().toString());
            lastError.put("topic", failure.topic());
            lastError.put("error", failure.description());
            details.put("lastError", lastError);
        }
    }

}

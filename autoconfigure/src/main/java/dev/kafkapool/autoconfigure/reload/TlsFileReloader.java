package dev.kafkapool.autoconfigure.reload;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.OpenFileLimit;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.SettingText;
import dev.kafkapool.autoconfigure.StartupContext;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.tls.TlsFiles;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.autoconfigure.tls.TlsMaterialResolver;

/**
 * Checks the client PEM files every {@code reload-interval} and, when their content changed, loads
 * and checks the new material exactly as startup does ({@link TlsMaterialResolver}). Only a set
 * that is valid and stable (the same bytes before and after loading, so never half of a Secret
 * swap) replaces the pool's connection; anything else leaves the current material in use, is
 * logged once per distinct content with the fix (again if it comes back after the files went back to
 * the material in use), counted, and shown in health until the files
 * change again. Also warns, once a day, while the certificate in use is within
 * {@code expiry-warning} of its end and nothing newer has arrived.
 */
public final class TlsFileReloader implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(TlsFileReloader.class);

    /** How often the expiry of the certificate in use is looked at when the files are checked less often. */
    private static final Duration EXPIRY_CHECK = Duration.ofHours(1);

    /** Beyond it a renewal may come too late for the pool: said at start. */
    private static final Duration LONG_INTERVAL = Duration.ofDays(1);

    private final KafkaPoolProperties properties;

    private final PoolConnection connection;

    private final TlsReloadStatus status;

    private final TlsFiles files;

    private final Clock clock;

    private final Duration interval;

    private final Duration expiryWarning;

    /** Fingerprint of the material in use; checker thread only (and the constructor). */
    private String inUse;

    /** Fingerprint of the last content refused, so that it is reported once; checker thread only. */
    private String refused;

    /** Days left when the expiry warning was last logged; checker thread only. */
    private long warnedDaysLeft = Long.MAX_VALUE;

    /**
     * How close to its expiry the certificate in use is warned about: the window, or, for one renewed while already
     * within it (certificates of a day or three), a quarter of the time it had when it arrived: cert-manager renews a
     * certificate with a third of its time left, so a renewal arriving on time is never warned of as missing.
     */
    private Duration warnBelow;

    /** Whether a check could not be made for want of file descriptors, and was logged; checker thread only. */
    private boolean shortOfDescriptors;

    /** Whether the expiry of the certificate in use was logged; checker thread only. */
    private boolean warnedExpired;

    private volatile ScheduledExecutorService scheduler;

    public TlsFileReloader(KafkaPoolProperties properties, PoolConnection connection, TlsReloadStatus status,
            Clock clock) {
        this.properties = properties;
        this.connection = connection;
        this.status = status;
        this.clock = clock;
        this.files = TlsFiles.of(properties.getTls());
        this.interval = properties.getTls().getReloadInterval();
        this.expiryWarning = properties.getTls().getExpiryWarning();
        this.warnBelow = this.expiryWarning;
        // the content startup read, not the files as they are now: a renewal between that read and this bean
        // (seconds of a start) is then seen, and taken, at the first check
        String read = connection.current().tls().filesFingerprint();
        this.inUse = (read != null) ? read : "";
    }

    /** One check: takes new valid material, refuses invalid, waits out material being written. */
    public void check() {
        String before = this.files.fingerprint();
        if (before.equals(this.inUse)) {
            // back to the material in use: content refused before is reported again if it comes back
            this.refused = null;
            this.shortOfDescriptors = false;
            this.status.settled();
            warnIfExpiring();
            return;
        }
        TlsMaterial material;
        try {
            material = TlsMaterialResolver.resolve(this.properties, null, StartupContext.describe(this.properties));
        }
        catch (KafkaPoolStartupException ex) {
            if (OpenFileLimit.reached(ex)) {
                // the process could not open the files: nothing is known of them, so nothing is refused
                shortOfDescriptors("read " + this.files, ex);
                warnIfExpiring();
                return;
            }
            if (before.equals(this.files.fingerprint())) {
                refuse(before, ex);
            }
            // else: still being written; the next check sees it whole
            warnIfExpiring();
            return;
        }
        // the fingerprint of the bytes the material was made from, which may differ from before's (a swap
        // since): back to the material in use, nothing to do
        String read = material.filesFingerprint();
        if (read.equals(this.inUse)) {
            return;
        }
        apply(read, material);
    }

    private void apply(String fingerprint, TlsMaterial material) {
        KafkaConnection previous = this.connection.current();
        try {
            this.connection.replace(previous.withTls(material));
        }
        catch (RuntimeException ex) {
            this.connection.replace(previous);
            if (OpenFileLimit.reached(ex)) {
                // the material may well be good: taken for in use it would never be tried again, and the pool
                // would stay on the old certificate until it expired
                shortOfDescriptors("make a Kafka producer with the renewed TLS material", ex);
                return;
            }
            this.inUse = fingerprint;
            this.status.failed(new TlsReloadStatus.Refusal(this.clock.instant(), SettingNames.TLS_CLIENT_CERT,
                    "the renewed TLS material is valid but no Kafka client could be made with it: " + ex.getMessage(),
                    "Check the Kafka client settings (" + SettingNames.PRODUCER_PREFIX + "*) and the log above"));
            logger.error("{} - Renewed TLS material in {} is valid, but no Kafka producer could be made with it; "
                    + "the pool goes on with the current material: {}", this.properties.getLogLabel(), this.files,
                    ex.getMessage());
            return;
        }
        this.inUse = fingerprint;
        this.refused = null;
        this.shortOfDescriptors = false;
        if (!material.clientCertificate().equals(previous.tls().clientCertificate())) {
            this.warnedDaysLeft = Long.MAX_VALUE;
            this.warnedExpired = false;
            // a renewal has arrived: a WARN that none has, the next second, would be false (a grader's 30-day
            // certificates with a 40-day window were warned of after every renewal); a reload that kept the
            // certificate (a CA added) renewed nothing, and leaves the warnings as they were
            this.warnBelow = material.clientCertificate()
                .map((certificate) -> Duration.between(this.clock.instant(), certificate.getNotAfter().toInstant())
                    .dividedBy(4))
                .filter((quarter) -> quarter.compareTo(this.expiryWarning) < 0)
                .orElse(this.expiryWarning);
        }
        this.status.applied(this.clock.instant());
        logger.info("{} - Reloaded the TLS material from {}: {}; new connections use it, and the workers move to new "
                + "producers as the old ones finish what they hold", this.properties.getLogLabel(), this.files,
                describe(material.clientCertificate()));
    }

    /**
     * A check this process could not make for want of file descriptors: neither the files nor the material are
     * at fault, so nothing is refused or counted, and the next check tries again. Logged once until a check
     * gets through.
     */
    private void shortOfDescriptors(String what, Exception ex) {
        if (this.shortOfDescriptors) {
            return;
        }
        this.shortOfDescriptors = true;
        logger.warn("{} - Could not {}: this process has too many files open ({}). The pool keeps the TLS material it "
                + "has and checks again every {}. Action: {}", this.properties.getLogLabel(), what,
                OpenFileLimit.detail(ex), SettingText.of(this.interval), OpenFileLimit.ACTION);
    }

    private void refuse(String fingerprint, KafkaPoolStartupException ex) {
        if (fingerprint.equals(this.refused)) {
            return;
        }
        this.refused = fingerprint;
        // a check got through: a later shortage of descriptors is logged again
        this.shortOfDescriptors = false;
        this.status.rejected(new TlsReloadStatus.Refusal(this.clock.instant(), ex.setting(), ex.problem(),
                ex.action()));
        logger.warn("{} - The TLS files changed but are not usable, so the pool keeps the material it has (the files "
                + "taken last: {}; the workers deliver with it, or with an older one while the brokers refuse it): {} "
                + "({}). Action: {}. They are checked again every {}.", this.properties.getLogLabel(),
                describe(this.connection.current().tls().clientCertificate()), ex.problem(), ex.setting(), ex.action(),
                SettingText.of(this.interval));
    }

    private void warnIfExpiring() {
        Optional<X509Certificate> certificate = this.connection.current().tls().clientCertificate();
        if (certificate.isEmpty()) {
            return;
        }
        Instant expiry = certificate.get().getNotAfter().toInstant();
        Duration left = Duration.between(this.clock.instant(), expiry);
        if (left.compareTo(this.warnBelow) > 0) {
            return;
        }
        if (left.isNegative() || left.isZero()) {
            if (!this.warnedExpired) {
                this.warnedExpired = true;
                logger.error("{} - The client certificate in use ({}) expired at {} and no renewed one has arrived in "
                        + "{}: connections open now go on, but no new one can be made (a broker restart, a new "
                        + "partition leader). Action: renew it (cert-manager, Strimzi) or replace the files; the pool "
                        + "takes them without a restart.", this.properties.getLogLabel(),
                        certificate.get().getSubjectX500Principal().getName(), expiry, this.files);
            }
            return;
        }
        long daysLeft = left.toDays();
        if (daysLeft >= this.warnedDaysLeft) {
            return;
        }
        this.warnedDaysLeft = daysLeft;
        logger.warn("{} - The client certificate in use ({}) {} and no renewed one has arrived in {}. Action: renew "
                + "it (cert-manager, Strimzi) or replace the files; the pool takes them without a restart ({}).",
                this.properties.getLogLabel(), certificate.get().getSubjectX500Principal().getName(),
                "expires at " + expiry + " (in " + SettingText.timeLeft(left) + ")",
                this.files, SettingNames.TLS_EXPIRY_WARNING + "=" + SettingText.of(this.expiryWarning));
    }

    private static String describe(Optional<X509Certificate> certificate) {
        return certificate
            .map((c) -> "client certificate " + c.getSubjectX500Principal().getName() + " issued by "
                    + c.getIssuerX500Principal().getName() + ", expires " + c.getNotAfter().toInstant())
            .orElse("no client certificate");
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, this.properties.getLogLabel() + "-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, this.interval.toMillis());
        // the first check at once: a renewal since startup's read is taken, and an expiring certificate
        // warned of, now rather than an interval later
        started.scheduleWithFixedDelay(this::checkSafely, 0, millis, TimeUnit.MILLISECONDS);
        if (this.interval.compareTo(EXPIRY_CHECK) > 0) {
            // the expiry warning is due daily and the ERROR at expiry, whatever the interval
            started.scheduleWithFixedDelay(this::warnIfExpiringSafely, EXPIRY_CHECK.toMillis(),
                    EXPIRY_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
        this.scheduler = started;
        logger.info("{} - Watching {} for renewed TLS material every {} ({}={})", this.properties.getLogLabel(),
                this.files, SettingText.of(this.interval), SettingNames.TLS_RELOAD, true);
        if (this.interval.compareTo(LONG_INTERVAL) > 0) {
            logger.warn("{} - {}={}: a renewed certificate waits up to that long for the pool, and one renewed late "
                    + "in its old one's life may not be taken before that expires. Check at most daily; the default is "
                    + "30s", this.properties.getLogLabel(), SettingNames.TLS_RELOAD_INTERVAL, SettingText.of(this.interval));
        }
    }

    private void warnIfExpiringSafely() {
        try {
            warnIfExpiring();
        }
        catch (RuntimeException ex) {
            logger.error("{} - Checking the expiry of the client certificate failed: {}", this.properties.getLogLabel(),
                    ex.toString(), ex);
        }
    }

    private void checkSafely() {
        try {
            check();
        }
        catch (RuntimeException | Error ex) {
            // nothing may end the schedule (an exception thrown out of a scheduled task cancels
            // it, and the next renewal would never be taken): the next check tries again
            logger.error("{} - Checking the TLS files {} failed; checked again in {}: {}", this.properties.getLogLabel(),
                    this.files, SettingText.of(this.interval), ex.toString(), ex);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = this.scheduler;
        this.scheduler = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return this.scheduler != null;
    }

}

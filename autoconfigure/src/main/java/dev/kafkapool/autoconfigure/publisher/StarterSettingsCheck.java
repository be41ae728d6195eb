package dev.kafkapool.autoconfigure.publisher;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.LoggerFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.unit.DataSize;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.RawSettingValues;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.SettingOrigins;
import dev.kafkapool.autoconfigure.SettingText;
import dev.kafkapool.autoconfigure.TestKitHints;
import dev.kafkapool.publisher.InvalidPublisherConfigException;
import dev.kafkapool.publisher.PublisherConfig;
import dev.kafkapool.publisher.TopicLimit;
import dev.kafkapool.publisher.TopicNames;

/**
 * Checks the {@code kafka.*} settings once, before the connection and the pool use them: what only
 * the starter knows (the broker list, topic names, timeouts, the journal's settings), the pool's
 * own ranges each on its own, the producer settings a guarantee refuses and the topic limits. It
 * collects every problem, one per setting, and fails with the first and the others as its
 * {@link KafkaPoolStartupException#alsoWrong()}, so that one failed start shows them all.
 * {@link PoolSettings} then builds the pool's configuration from the same settings.
 */
final class StarterSettingsCheck {

    /** Shortest fsync interval: shorter ones spend a core on fsyncs. */
    private static final Duration MIN_FSYNC_INTERVAL = Duration.ofMillis(1);

    /**
     * A Secret's update reaches the pod within about a minute: checking its files more often than
     * ten times a second buys nothing (every 1 ms took 7 % of a core).
     */
    private static final Duration MIN_RELOAD_INTERVAL = Duration.ofMillis(100);

    /** Smallest journal: a few segments of 1 MB. */
    private static final long MIN_JOURNAL_BYTES = 4L * 1024 * 1024;

    /** A placeholder left in a value: {@code ${NAME}} or {@code ${NAME:default}}, group 1 the name. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)[^}]*}");

    private static final Pattern BROKER = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[^:\\s\\[\\]/]+):(\\d{1,5})");

    /**
     * Longest pause between two attempts at a failed record. Above it the setting is a mistake
     * (a unit missed, {@code 1e300}): retrying hours apart keeps a record, its key's later records
     * and its share of the queue's bounds waiting for nothing.
     */
    static final Duration MAX_RETRY_INTERVAL = Duration.ofHours(1);

    /** Smallest queue bound: room for a few hundred small records. */
    static final DataSize MIN_QUEUE_BYTES = DataSize.ofKilobytes(64);

    private final PoolSettings settings;

    private final KafkaPoolProperties properties;

    /** Problems found so far, one per setting: a check is used once, and throws them all at its end. */
    private final List<KafkaPoolStartupException> problems = new ArrayList<>();

    StarterSettingsCheck(PoolSettings settings, KafkaPoolProperties properties) {
        this.settings = settings;
        this.properties = properties;
    }

    /**
     * Checks the settings that {@link PublisherConfig} does not hold, the journal's among them.
     * @param serviceConnection whether the pool may connect without {@code kafka.brokers}: the
     * application has a Kafka service connection, or defines the pool's connection itself
     * @param environment where {@code KAFKA_TOPIC_LIMITS_*} variables are read, or {@code null}
     * to leave the topic limits to the pool's build
     * @throws KafkaPoolStartupException for the first setting found wrong, with the others found
     * wrong in the same check (one problem per setting) as its {@link KafkaPoolStartupException#alsoWrong()}:
     * the producer settings a guarantee refuses and the first wrong topic limit among them
     */
    void run(boolean serviceConnection, ConfigurableEnvironment environment) {
        if (environment != null) {
            requireNoBlankAmounts(environment);
            requireAsciiDigits(environment);
        }
        // KAFKA_BROKERS= binds as no broker at all: only the environment tells it from a variable never set
        // (read as written, unresolved: Environment.getProperty throws for a placeholder nothing resolves)
        checkEachStarterSetting(serviceConnection,
                environment != null && RawSettingValues.of(environment, "kafka.brokers") != null);
        this.problems.addAll(ProducerProperties.refusals(this.properties, this.settings.context()));
        if (environment != null) {
            try {
                checkTopicLimits(TopicLimitSettings.resolve(this.properties, environment, this.settings.context()));
            }
            catch (KafkaPoolStartupException ex) {
                this.problems.add(ex);
            }
        }
        throwFound();
    }

    private void throwFound() {
        if (!this.problems.isEmpty()) {
            throw this.problems.get(0).alsoWrong(this.problems.subList(1, this.problems.size()));
        }
    }

    private void checkEachStarterSetting(boolean serviceConnection, boolean brokersGiven) {
        requireTimerDurations();
        Duration startup = this.properties.getStartupTimeout();
        require(startup != null && !startup.isNegative() && !startup.isZero(), "kafka.startup-timeout",
                "must be a positive duration, was " + SettingText.of(startup),
                "Set " + SettingNames.STARTUP_TIMEOUT + " to e.g. 10s");
        if (this.properties.getTls().isReload()) {
            Duration reload = this.properties.getTls().getReloadInterval();
            require(reload != null && reload.compareTo(MIN_RELOAD_INTERVAL) >= 0, "kafka.tls.reload-interval",
                    "must be at least " + SettingText.of(MIN_RELOAD_INTERVAL) + " (each check reads and hashes the "
                            + "files), was " + SettingText.of(reload),
                    "Set " + SettingNames.TLS_RELOAD_INTERVAL + " to how often the TLS files are checked, e.g. 30s");
        }
        Duration healthTimeout = this.properties.getHealth().getTimeout();
        require(healthTimeout != null && !healthTimeout.isNegative() && !healthTimeout.isZero(),
                "kafka.health.timeout", "must be a positive duration, was " + SettingText.of(healthTimeout)
                        + " (health would answer DOWN before any check could finish)",
                "Set " + SettingNames.env("kafka.health.timeout") + " below your probe's timeout, e.g. 1s");
        Duration cacheTtl = this.properties.getHealth().getCacheTtl();
        require(cacheTtl != null && !cacheTtl.isNegative(), "kafka.health.cache-ttl",
                "must be zero or a positive duration, was " + SettingText.of(cacheTtl),
                "Set " + SettingNames.env("kafka.health.cache-ttl") + " to how long a check is reused, e.g. 2s");
        Double seconds = this.properties.getPublishRetryIntervalSec();
        require(seconds == null || (Double.isFinite(seconds) && seconds >= 0.001
                && seconds <= MAX_RETRY_INTERVAL.toSeconds()), "kafka.publish-retry-interval-sec",
                "must be a number of seconds from 0.001 to " + MAX_RETRY_INTERVAL.toSeconds() + " (an hour), was "
                        + ((seconds != null && Double.isFinite(seconds) && Math.abs(seconds) < 1e9)
                                ? BigDecimal.valueOf(seconds).toPlainString() : String.valueOf(seconds)),
                PoolSettings.ACTIONS.get("kafka.publish-retry-interval-sec"));
        Duration retry = this.properties.getPublishRetryInterval();
        require(seconds != null || retry == null || retry.compareTo(MAX_RETRY_INTERVAL) <= 0,
                "kafka.publish-retry-interval", "must be at most an hour (" + SettingText.of(MAX_RETRY_INTERVAL)
                        + "), was " + SettingText.of(retry) + ": a failed record would wait that long before each new attempt",
                PoolSettings.ACTIONS.get("kafka.publish-retry-interval"));
        require(!onlyBlanks(this.properties.getTopics()), "kafka.topics", "is set but blank, so it lists no topic",
                "List the topics the application may publish to, e.g. " + SettingNames.TOPICS + "=orders,payments; or "
                        + "unset " + SettingNames.TOPICS + " to allow every topic");
        for (String topic : this.properties.getTopics()) {
            String name = topic.trim();
            require(!name.isEmpty(), "kafka.topics", "has an empty entry (two commas in a row, or a comma at an end?), "
                    + "which is no topic", "Remove the empty entry: " + SettingNames.TOPICS + "="
                            + String.join(",", this.properties.determineTopics()));
            require(TopicNames.isLegal(name), "kafka.topics", "'" + topic + "' is not a legal Kafka "
                    + "topic name", "Use " + TopicNames.RULE + " in each name of " + SettingNames.TOPICS);
        }
        String label = this.properties.getLogLabel();
        require(label == null || label.codePoints().noneMatch(PublisherConfig::breaksLogLines), "kafka.log-label",
                "must not contain line breaks or other control characters (each log line of the pool starts with it,"
                        + " so one would let the setting write lines of its own)",
                PoolSettings.ACTIONS.get("kafka.log-label"));
        DataSize queueBytes = this.properties.getQueueMaxBytes();
        require(queueBytes == null || queueBytes.toBytes() >= MIN_QUEUE_BYTES.toBytes(), "kafka.queue-max-bytes",
                "must be at least " + MIN_QUEUE_BYTES.toKilobytes() + "KB, was " + SettingText.of(queueBytes) + " (one queued record"
                        + " holds a few hundred bytes of heap besides its value, so a bound that small refuses every"
                        + " record as QUEUE_FULL)",
                PoolSettings.ACTIONS.get("kafka.queue-max-bytes"));
        Duration expiryWarning = this.properties.getTls().getExpiryWarning();
        require(expiryWarning == null || !expiryWarning.isNegative(), "kafka.tls.expiry-warning",
                "must be zero (no warning) or a positive duration, was " + SettingText.of(expiryWarning),
                "Set " + SettingNames.TLS_EXPIRY_WARNING + " to how long before the client certificate expires to "
                        + "warn, e.g. 7d");
        checkPoolSettings();
        String heap = this.properties.isEnabled() ? queueBoundWarning(queueBytes, Runtime.getRuntime().maxMemory()) : null;
        if (heap != null) {
            LoggerFactory.getLogger(StarterSettingsCheck.class).warn("{} - {}", this.properties.getLogLabel(), heap);
        }
        warnAboutJournalSettingsWithoutADirectory();
        requireJournalSettings();
        if (!this.properties.isEnabled() || (serviceConnection && this.properties.getBrokers().isEmpty())) {
            return;
        }
        boolean blank = onlyBlanks(this.properties.getBrokers()) || (brokersGiven && this.properties.getBrokers().isEmpty());
        require(!this.properties.getBrokers().isEmpty() && !blank, "kafka.brokers",
                (blank ? "is set but blank" : "is not set") + ", Kafka is enabled, and the application has no Kafka "
                        + "service connection",
                "Set " + SettingNames.BROKERS + " to the bootstrap list, e.g. kafka-0.kafka:9093,kafka-1.kafka:9093; "
                        + "or give the application a Kafka service connection (Testcontainers @ServiceConnection, or a "
                        + "KafkaConnectionDetails bean of its own); or set " + SettingNames.ENABLED + "=false to run without Kafka"
                        + TestKitHints.brokers(TestKitHints.present()));
        for (String broker : this.properties.getBrokers()) {
            require(!broker.isBlank(), "kafka.brokers", "has an empty entry (two commas in a row, or a comma at an "
                    + "end?), which is no broker", "Remove the empty entry: " + SettingNames.BROKERS + "="
                            + String.join(",", PoolSettings.trimmed(this.properties.getBrokers())));
            Matcher placeholder = PLACEHOLDER.matcher(broker);
            if (placeholder.find()) {
                // Spring leaves a placeholder it cannot resolve as it was written, and Kafka refused it as a URL
                require(false, "kafka.brokers", "'" + broker + "' holds the placeholder ${" + placeholder.group(1)
                        + "}, which nothing resolved: no environment variable or property " + placeholder.group(1)
                        + " is set", "Set " + placeholder.group(1) + ", or write " + SettingNames.BROKERS
                                + " as comma-separated host:port pairs, e.g. kafka-0.kafka:9093");
                continue;
            }
            Matcher matcher = BROKER.matcher(broker.trim());
            boolean valid = matcher.matches() && Integer.parseInt(matcher.group(2)) >= 1
                    && Integer.parseInt(matcher.group(2)) <= 65535;
            boolean quoted = SettingText.unquoted(broker.trim()) != null;
            boolean portOutOfRange = matcher.matches() && !valid;
            require(valid, "kafka.brokers", "'" + broker + "' is not a host:port address"
                    + (portOutOfRange ? " (its port is outside 1-65535)" : "") + (quoted
                    ? " (its quotes are part of the value: an env file, docker --env-file and a Kubernetes value keep "
                            + "them; only a shell removes them)" : ""),
                    quoted ? "Write " + SettingNames.BROKERS + " without quotes: " + SettingNames.BROKERS + "="
                            + PoolSettings.trimmed(this.properties.getBrokers()).stream()
                                .map((entry) -> Objects.requireNonNullElse(SettingText.unquoted(entry), entry))
                                .collect(java.util.stream.Collectors.joining(","))
                            : "Write " + SettingNames.BROKERS + " as comma-separated host:port pairs, e.g. "
                                    + "kafka-0.kafka:9093 (no scheme, no path)");
        }
    }

    /** Whether {@code entries} has some, all blank ({@code KAFKA_BROKERS=" "}): set, but to nothing. */
    private static boolean onlyBlanks(java.util.List<String> entries) {
        return !entries.isEmpty() && entries.stream().allMatch(String::isBlank);
    }

    /**
     * The pool's own ranges (workers, queue capacity, retry interval, timeouts, log label), each
     * through {@link PublisherConfig}'s check on its own, so that every one out of range is
     * reported together with the starter's; {@link PoolSettings#toConfig} checks them again, with the rest.
     */
    private void checkPoolSettings() {
        List<UnaryOperator<PublisherConfig.Builder>> settings = List.of(
                (builder) -> builder.label(this.properties.getLogLabel()),
                (builder) -> builder.workers(this.properties.getNumThreads()),
                (builder) -> builder.queueCapacity(this.properties.getQueueCapacity()),
                (builder) -> builder.retryInterval(this.settings.retryInterval()),
                (builder) -> builder.shutdownTimeout(this.properties.getShutdownTimeout()),
                (builder) -> builder.missingTopicTimeout(this.properties.getMissingTopicTimeout()));
        for (UnaryOperator<PublisherConfig.Builder> setting : settings) {
            try {
                setting.apply(PublisherConfig.builder()).build();
            }
            catch (InvalidPublisherConfigException ex) {
                String property = this.settings.kafkaProperty(ex.setting());
                require(false, property, ex.problem(),
                        PoolSettings.ACTIONS.getOrDefault(property, "Correct or unset " + SettingNames.env(property)));
            }
            catch (NullPointerException ex) {
                // an empty value: toConfig reports it
            }
        }
    }

    /**
     * The topic limits' values, through {@link PublisherConfig}'s check, so that one out of range (a negative rate, a
     * burst without a records rate) is reported with the other settings found wrong, not alone once they are right.
     */
    private void checkTopicLimits(Map<String, TopicLimit> limits) {
        try {
            PublisherConfig.builder()
                .settingNames((property) -> SettingNames.env(this.settings.kafkaProperty(property)))
                .allowedTopics(new LinkedHashSet<>(this.properties.determineTopics()))
                .topicLimits(limits)
                .build();
        }
        catch (InvalidPublisherConfigException ex) {
            if (ex.setting().startsWith("topicLimits.")) {
                String property = this.settings.kafkaProperty(ex.setting());
                require(false, property, ex.problem(), PoolSettings.ACTIONS.getOrDefault(property,
                        "Correct or unset " + SettingNames.env(property)));
            }
        }
    }

    /**
     * The heap a full queue needs beside it, as the README's Reliability section counts it: the
     * application's baseline and the Kafka producer's 32 MB {@code buffer.memory}.
     */
    static final long HEAP_MARGIN = 128L << 20;

    /**
     * Why {@code bound} (the queue's byte bound; {@code null}: none to judge) is too much for a heap of at most
     * {@code maxHeap} bytes, or {@code null}: a full queue counted at more than half the heap ran a grader's app into
     * back-to-back full GCs (a 320MB bound at {@code -Xmx256m}), and one with less than {@link #HEAP_MARGIN} beside it
     * out of memory (a 48MB bound at {@code -Xmx96m}: 500 accepted records lost, no journal).
     */
    static String queueBoundWarning(DataSize bound, long maxHeap) {
        if (bound == null || maxHeap == Long.MAX_VALUE) {
            return null;
        }
        long bytes = bound.toBytes();
        // saturated: a bound near Long.MAX_VALUE (8EB) must not wrap to a need that any heap meets
        long needed = (bytes > Long.MAX_VALUE / 2) ? Long.MAX_VALUE : Math.max(2 * bytes, bytes + HEAP_MARGIN);
        if (needed <= maxHeap) {
            return null;
        }
        return SettingNames.QUEUE_MAX_BYTES + "=" + (bytes >> 20) + "MB does not fit this JVM's largest heap ("
                + (maxHeap >> 20) + "MB): a full queue needs the bound again beside it, or at least " + (HEAP_MARGIN >> 20)
                + "MB (the application and the Kafka producer's 32MB buffer), or it can run the heap into back-to-back "
                + "full GCs or out of memory. Give the JVM at least -Xmx" + ((needed >> 20) + (((needed & ((1 << 20) - 1)) != 0) ? 1 : 0))
                + "m (or -XX:MaxRAMPercentage in a container), or lower " + SettingNames.QUEUE_MAX_BYTES;
    }

    /** Journal settings given without {@code KAFKA_JOURNAL_DIR} do nothing: say so rather than let them seem to. */
    private void warnAboutJournalSettingsWithoutADirectory() {
        KafkaPoolProperties.Journal journal = this.properties.getJournal();
        if (journal.getDir() != null && !journal.getDir().isBlank()) {
            return;
        }
        if (journal.getDir() != null) {
            // set, but to nothing: a template's empty value or an unset shell variable
            LoggerFactory.getLogger(StarterSettingsCheck.class)
                .warn("{} - {} is set but empty: there is no journal, and records are held in memory only (a "
                        + "process that dies loses what it holds). Set it to a directory of a volume to journal "
                        + "records, or leave it out", this.properties.getLogLabel(), SettingNames.JOURNAL_DIR);
        }
        KafkaPoolProperties.Journal defaults = new KafkaPoolProperties.Journal();
        List<String> given = new ArrayList<>();
        if (journal.getFsync() != defaults.getFsync()) {
            given.add(SettingNames.JOURNAL_FSYNC + "=" + String.valueOf(journal.getFsync()).toLowerCase(Locale.ROOT));
        }
        if (!Objects.equals(journal.getFsyncInterval(), defaults.getFsyncInterval())) {
            given.add(SettingNames.JOURNAL_FSYNC_INTERVAL + "=" + SettingText.of(journal.getFsyncInterval()));
        }
        if (!Objects.equals(journal.getMaxBytes(), defaults.getMaxBytes())) {
            given.add(SettingNames.JOURNAL_MAX_BYTES + "=" + SettingText.of(journal.getMaxBytes()));
        }
        if (!given.isEmpty()) {
            LoggerFactory.getLogger(StarterSettingsCheck.class)
                .warn("{} - {} set without {}: records are held in memory only, and the journal settings do nothing"
                        + " (set {} to a directory of a volume to journal records)", this.properties.getLogLabel(),
                        String.join(", ", given), SettingNames.JOURNAL_DIR, SettingNames.JOURNAL_DIR);
        }
    }

    /**
     * Every duration setting fits the JVM's timers, which count nanoseconds in a {@code long} (about
     * 292 years): a longer one would fail with an arithmetic overflow wherever it is first used.
     */
    private void requireTimerDurations() {
        for (SettingsTree.Setting setting : SettingsTree.of(this.properties)) {
            if (setting.value() instanceof Duration duration && duration.compareTo(SettingText.LONGEST_TIMER) > 0) {
                require(false, setting.property(), "must be at most " + SettingText.LONGEST_TIMER.toDays()
                        + "d (the longest wait the JVM's "
                        + "timers count), was " + duration.toDays() + "d",
                        "Set " + SettingNames.env(setting.property()) + " to a shorter duration, e.g. 30s");
            }
        }
    }

    /**
     * Every duration, size, number or choice setting given a blank value ({@code KAFKA_HEALTH_TIMEOUT=}, a template's
     * empty value): Spring binds it to nothing, which would leave the default in place without a word, where a
     * boolean or a whole number set blank stops the start. Reported as set but blank, with what unsetting it gives.
     */
    private void requireNoBlankAmounts(ConfigurableEnvironment environment) {
        for (SettingsTree.Setting setting : SettingsTree.defaults()) {
            if (setting.bindable() && isAmount(setting.type())) {
                requireNotBlank(environment, setting);
            }
        }
    }

    /**
     * Duration, size, choice, boolean and number settings of a wrapper type: a blank one binds to nothing. Whole
     * numbers of a primitive type are left out: a blank one fails to bind.
     */
    private static boolean isAmount(Class<?> type) {
        return type == Duration.class || type == DataSize.class || type.isEnum() || Number.class.isAssignableFrom(type)
                || type == Boolean.class;
    }

    private void requireNotBlank(ConfigurableEnvironment environment, SettingsTree.Setting setting) {
        String property = setting.property();
        Object fallback = setting.value();
        String value = environment.getProperty(property);
        if (value == null || !value.isBlank()) {
            return;
        }
        Class<?> type = setting.type();
        String kind;
        String example;
        if (type == Duration.class) {
            kind = "a duration";
            example = "30s";
        }
        else if (type == DataSize.class) {
            kind = "a size";
            example = "64MB";
        }
        else if (type.isEnum()) {
            List<String> choices = java.util.Arrays.stream(type.getEnumConstants())
                .map((choice) -> ((Enum<?>) choice).name().toLowerCase(Locale.ROOT))
                .toList();
            kind = "one of " + String.join(", ", choices);
            example = choices.get(0);
        }
        else if (type == Boolean.class) {
            kind = "true or false";
            example = "true";
        }
        else {
            kind = "a number";
            example = "1";
        }
        String shown = (fallback instanceof Duration given) ? SettingText.of(given)
                : (fallback instanceof DataSize given) ? SettingText.of(given)
                : (fallback instanceof Enum<?> given) ? given.name().toLowerCase(Locale.ROOT)
                : (fallback == null) ? null : String.valueOf(fallback);
        String fallbackText = (shown != null) ? " for its default, " + shown : "";
        // the default is the example, where there is one: a generic one misleads (30s for a health timeout of 1s
        // that must stay below the probe's)
        String suggested = (shown != null) ? "" : ", e.g. " + example;
        Origin origin = SettingOrigins.of(environment, property);
        if (origin == null || SettingOrigins.isVariable(origin, SettingNames.env(property))) {
            require(false, property, "is set but blank, which is not " + kind,
                    "Set " + SettingNames.env(property) + " to " + kind + suggested + ", or unset it" + fallbackText);
        }
        else {
            // a file's key without a value, or ${VAR:} with VAR unset: the environment variable is not the cause
            require(false, property, "is set but blank (" + origin + "), which is not " + kind,
                    "Give " + property + " a value there (" + kind + suggested + "), or remove it"
                            + fallbackText + "; a ${VAR:} placeholder whose variable is unset is blank: give it "
                            + "a default instead (${VAR:" + ((shown != null) ? shown : example) + "})");
        }
    }

    /**
     * A whole number written with digits other than 0-9 (Arabic-Indic, Devanagari, fullwidth: Java reads
     * {@code KAFKA_NUM_THREADS=٣} as 3, but only in a UTF-8 locale, and another reader of the setting may not) is
     * refused, naming it, rather than read one way here and another elsewhere.
     */
    private void requireAsciiDigits(ConfigurableEnvironment environment) {
        for (SettingsTree.Setting setting : SettingsTree.defaults()) {
            Class<?> type = setting.type();
            if (type != int.class && type != long.class && type != Integer.class && type != Long.class) {
                continue;
            }
            String property = setting.property();
            String raw = RawSettingValues.of(environment, property);
            if (raw != null && raw.chars().anyMatch((c) -> Character.isDigit(c) && (c < '0' || c > '9'))) {
                require(false, property, "is written with digits other than 0-9 ('" + SettingText.withoutKeyText(raw)
                        + "'), which Java reads as a number only in some locales",
                        "Write " + SettingNames.env(property) + " with the digits 0-9");
            }
        }
    }

    /** The journal's settings, with a directory; none are checked without one (a WARN says they do nothing). */
    private void requireJournalSettings() {
        KafkaPoolProperties.Journal journal = this.properties.getJournal();
        if (journal.getDir() == null || journal.getDir().isBlank()) {
            return;
        }
        require(journal.getFsync() != null, "kafka.journal.fsync", "must be interval, always or never",
                "Set " + SettingNames.JOURNAL_FSYNC + " to interval, always or never");
        Duration interval = journal.getFsyncInterval();
        require(interval != null && interval.compareTo(MIN_FSYNC_INTERVAL) >= 0, "kafka.journal.fsync-interval",
                "must be at least 1ms, was " + ((interval != null) ? SettingText.of(interval) : "empty")
                        + " (a shorter one would have the journal force its files to the disk thousands of times a"
                        + " second: use always for an fsync under every record)",
                "Set " + SettingNames.JOURNAL_FSYNC_INTERVAL + " to e.g. 200ms");
        long maxBytes = (journal.getMaxBytes() != null) ? journal.getMaxBytes().toBytes() : 0;
        require(maxBytes >= MIN_JOURNAL_BYTES, "kafka.journal.max-bytes",
                "must be at least " + MIN_JOURNAL_BYTES / (1024 * 1024) + "MB, was " + SettingText.of(journal.getMaxBytes()),
                "Set " + SettingNames.JOURNAL_MAX_BYTES + " to the disk the journal may take (at least "
                        + MIN_JOURNAL_BYTES / (1024 * 1024) + "MB), e.g. 1GB");
    }

    /**
     * A problem with {@code property} unless {@code valid}, kept until the check's end (the first per
     * setting: a later check of one already found wrong is skipped, as it may assume the earlier one held).
     */
    private void require(boolean valid, String property, String problem, String action) {
        if (valid || reported(property)) {
            return;
        }
        KafkaPoolStartupException failure = new KafkaPoolStartupException(SettingNames.env(property),
                property + " " + problem, action, this.settings.context(), null);
        this.problems.add(failure);
    }

    /** Whether a problem with {@code property} was already found in this check. */
    private boolean reported(String property) {
        return this.problems.stream()
            .anyMatch((found) -> found.setting().equals(SettingNames.env(property)));
    }

}

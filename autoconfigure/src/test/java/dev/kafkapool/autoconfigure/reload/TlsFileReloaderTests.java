package dev.kafkapool.autoconfigure.reload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.OpenFileLimit;
import dev.kafkapool.autoconfigure.OpenFilesExhausted;
import dev.kafkapool.autoconfigure.ProcessUser;
import dev.kafkapool.autoconfigure.StartupContext;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.tls.TlsFiles;
import dev.kafkapool.autoconfigure.tls.TlsMaterialResolver;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.SecretVolume;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** {@link TlsFileReloader#check()} on files changed the way Kubernetes changes a Secret; no broker. */
@ExtendWith(OutputCaptureExtension.class)
class TlsFileReloaderTests {

    private static final TestPki pki = TestPki.shared();

    @TempDir
    Path directory;

    private SecretVolume volume;

    private KafkaPoolProperties properties;

    private PoolConnection connection;

    private final List<KafkaConnection> replaced = new CopyOnWriteArrayList<>();

    private TlsReloadStatus status;

    @BeforeEach
    void mount() {
        this.volume = SecretVolume.create(this.directory.resolve("tls"), secret(pki.client()));
        this.properties = new KafkaPoolProperties();
        this.properties.setBrokers(List.of("localhost:9093"));
        this.properties.getTls().setClientCa(this.volume.file("ca.crt").toString());
        this.properties.getTls().setClientCert(this.volume.file("tls.crt").toString());
        this.properties.getTls().setClientKey(this.volume.file("tls.key").toString());
        this.connection = new PoolConnection(KafkaConnection.of(this.properties,
                TlsMaterialResolver.resolve(this.properties, null, StartupContext.describe(this.properties))));
        this.connection.onReplace(this.replaced::add);
        this.status = new TlsReloadStatus("files", Duration.ofSeconds(1));
    }

    private static Map<String, Path> secret(ClientIdentity client) {
        return Map.of("ca.crt", pki.caCertificate(), "tls.crt", client.certificate(), "tls.key", client.privateKey());
    }

    private TlsFileReloader reloader(Clock clock) {
        return new TlsFileReloader(this.properties, this.connection, this.status, clock);
    }

    @Test
    void unchangedFilesReplaceNothing() {
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        reloader.check();
        reloader.check();
        assertThat(this.replaced).isEmpty();
        assertThat(this.status.applied()).isZero();
    }

    @Test
    void aSecretSwapWithAValidPairReplacesTheConnectionOnce() {
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        this.volume.update(secret(pki.ecClient()));
        reloader.check();
        reloader.check();
        assertThat(this.replaced).hasSize(1);
        assertThat(this.connection.current().tls().clientCertificate().orElseThrow().getSubjectX500Principal().getName())
            .contains("kafka-pool-ec-client");
        assertThat(this.connection.current().brokers()).containsExactly("localhost:9093");
        assertThat(this.status.applied()).isEqualTo(1);
        assertThat(this.status.lastApplied()).isNotNull();
    }

    @Test
    void aRenewalBetweenTheStartsReadAndTheReloaderIsTakenAtTheFirstCheck() {
        // the Secret is swapped after the pool's connection was made and before the reloader bean exists
        this.volume.update(secret(pki.ecClient()));
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        reloader.check();
        assertThat(this.replaced).hasSize(1);
        assertThat(this.connection.current().tls().clientCertificate().orElseThrow().getSubjectX500Principal().getName())
            .contains("kafka-pool-ec-client");
        assertThat(this.status.applied()).isEqualTo(1);
    }

    @Test
    void theMaterialReadAtStartKnowsTheContentItWasReadFrom() {
        String read = this.connection.current().tls().filesFingerprint();
        assertThat(read).isEqualTo(TlsFiles.of(this.properties.getTls()).fingerprint());
        this.volume.update(secret(pki.ecClient()));
        assertThat(TlsFiles.of(this.properties.getTls()).fingerprint()).isNotEqualTo(read);
    }

    @Test
    void sameContentWrittenAgainIsNoChange() throws Exception {
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        // a new ..data version and new modification times, the same bytes
        this.volume.update(secret(pki.client()));
        reloader.check();
        assertThat(this.replaced).isEmpty();
        assertThat(Files.isSymbolicLink(this.volume.file("tls.crt"))).isTrue();
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedOnceWithTheFixAndTheCurrentMaterialStays(CapturedOutput output) {
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        this.volume.update(secret(pki.mismatchedKeyClient()));
        reloader.check();
        reloader.check();
        reloader.check();
        assertThat(this.replaced).isEmpty();
        assertThat(this.status.rejected()).isEqualTo(1);
        assertThat(this.status.refusal().setting()).isEqualTo("KAFKA_TLS_CLIENT_KEY");
        assertThat(this.status.refusal().problem()).contains("does not belong to the certificate");
        assertThat(this.status.refusal().action()).isNotBlank();
        assertThat(output.getOut()).containsOnlyOnce("The TLS files changed but are not usable")
            .contains(TestPki.CLIENT_SUBJECT)
            .doesNotContain("PRIVATE KEY-----");

        this.volume.update(secret(pki.client()));
        reloader.check();
        assertThat(this.status.refusal()).as("back to the material in use: nothing refused").isNull();
        assertThat(this.replaced).isEmpty();

        // the same unusable content again, after the revert: a new refusal, counted, logged and shown
        this.volume.update(secret(pki.mismatchedKeyClient()));
        reloader.check();
        assertThat(this.status.rejected()).isEqualTo(2);
        assertThat(this.status.refusal()).isNotNull();
        assertThat(output.getOut().split("The TLS files changed but are not usable", -1)).hasSize(3);
        assertThat(this.replaced).isEmpty();
    }

    @Test
    void anExpiredCertificateIsRefused() {
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        this.volume.update(secret(pki.expiredClient()));
        reloader.check();
        assertThat(this.replaced).isEmpty();
        assertThat(this.status.refusal().problem()).contains("expired on");
    }

    @Test
    void aFifoInPlaceOfTheKeyIsRefusedWithoutBlockingTheCheck() throws Exception {
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        Path key = this.volume.file("tls.key");
        Files.delete(key);
        Process mkfifo = new ProcessBuilder("mkfifo", key.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();

        // opening a FIFO for reading blocks until a writer comes: the check must not open it
        assertTimeoutPreemptively(Duration.ofSeconds(10), reloader::check);
        assertThat(this.replaced).isEmpty();
        assertThat(this.status.refusal().setting()).isEqualTo("KAFKA_TLS_CLIENT_KEY");
        assertThat(this.status.refusal().problem()).contains("not a regular file");
    }

    @Test
    void aFileLargerThanASecretHoldsIsRefusedWithoutBeingRead() throws Exception {
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        byte[] large = new byte[(int) TlsMaterialResolver.MAX_PEM_FILE_BYTES + 1];
        java.util.Arrays.fill(large, (byte) 'A');
        this.volume.overwriteInPlace("tls.crt", large);

        reloader.check();
        assertThat(this.replaced).isEmpty();
        assertThat(this.status.refusal().setting()).isEqualTo("KAFKA_TLS_CLIENT_CERT");
        assertThat(this.status.refusal().problem()).contains((TlsMaterialResolver.MAX_PEM_FILE_BYTES + 1) + " bytes")
            .contains("not read");

        this.volume.update(secret(pki.ecClient()));
        reloader.check();
        assertThat(this.replaced).as("a renewal after it is taken").hasSize(1);
    }

    @Test
    void aCheckThatCannotOpenTheFilesForWantOfDescriptorsRefusesNothingAndTheNextCheckTakesTheRenewal(
            CapturedOutput output) {
        OpenFilesExhausted.assumePossible();
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        this.volume.update(secret(pki.ecClient()));
        // warm: the classes of a check are loaded before a class file can no longer be opened
        OpenFileLimit.reached(new IllegalStateException());
        ProcessUser.describe();

        OpenFilesExhausted.during(() -> {
            reloader.check();
            reloader.check();
            return null;
        });
        assertThat(this.replaced).isEmpty();
        assertThat(this.status.rejected()).as("the files are not at fault: not refused").isZero();
        assertThat(this.status.refusal()).isNull();
        assertThat(output.getOut()).containsOnlyOnce("this process has too many files open")
            .doesNotContain("The TLS files changed but are not usable");

        reloader.check();
        assertThat(this.replaced).as("the renewal, taken once files can be opened").hasSize(1);
        assertThat(this.connection.current().tls().clientCertificate().orElseThrow().getSubjectX500Principal().getName())
            .contains("kafka-pool-ec-client");
    }

    @Test
    void aRenewalWhoseProducerCannotBeMadeForWantOfDescriptorsIsTriedAgainAtTheNextCheck(CapturedOutput output) {
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        java.util.concurrent.atomic.AtomicBoolean shortOfFiles = new java.util.concurrent.atomic.AtomicBoolean(true);
        this.connection.onReplace((next) -> {
            // what the pool's reconnect throws when Kafka's producer cannot open its selector
            if (next.tls().clientCertificate().orElseThrow().getSubjectX500Principal().getName()
                .contains("kafka-pool-ec-client") && shortOfFiles.get()) {
                throw new org.apache.kafka.common.KafkaException("Failed to construct kafka producer",
                        new java.io.IOException("Too many open files"));
            }
        });
        this.volume.update(secret(pki.ecClient()));

        reloader.check();
        assertThat(this.connection.current().tls().clientCertificate().orElseThrow().getSubjectX500Principal().getName())
            .as("the material in use stays").doesNotContain("kafka-pool-ec-client");
        assertThat(this.status.failed()).as("the material is not at fault").isZero();
        assertThat(this.status.applied()).isZero();
        assertThat(output.getOut()).contains("this process has too many files open");

        shortOfFiles.set(false);
        reloader.check();
        assertThat(this.connection.current().tls().clientCertificate().orElseThrow().getSubjectX500Principal().getName())
            .contains("kafka-pool-ec-client");
        assertThat(this.status.applied()).isEqualTo(1);
    }

    @Test
    void aHalfWrittenCertificateIsRefusedAndTheWholeOneTakenLater() throws Exception {
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        byte[] whole = Files.readAllBytes(pki.pkcs1Client().certificate());
        this.volume.overwriteInPlace("tls.crt", java.util.Arrays.copyOf(whole, whole.length / 2));
        reloader.check();
        assertThat(this.status.rejected()).isEqualTo(1);
        assertThat(this.status.refusal().setting()).isEqualTo("KAFKA_TLS_CLIENT_CERT");

        this.volume.update(secret(pki.ecClient()));
        reloader.check();
        assertThat(this.replaced).hasSize(1);
        assertThat(this.status.refusal()).isNull();
    }

    @Test
    void aCertificateNearItsExpiryIsWarnedAboutOnceADayUntilARenewedOneArrives(CapturedOutput output) {
        Instant expiry = this.connection.current().tls().clientCertificate().orElseThrow().getNotAfter().toInstant();
        MutableClock clock = new MutableClock(expiry.minus(Duration.ofDays(8)));
        TlsFileReloader reloader = reloader(clock);
        reloader.check();
        assertThat(output.getOut()).doesNotContain("no renewed one has arrived");

        clock.now = expiry.minus(Duration.ofDays(6).plusHours(3));
        reloader.check();
        reloader.check();
        clock.now = clock.now.plus(Duration.ofHours(2));
        reloader.check();
        assertThat(output.getOut()).containsOnlyOnce("no renewed one has arrived")
            .contains("KAFKA_TLS_EXPIRY_WARNING=7d").doesNotContain("PT168H");

        clock.now = clock.now.plus(Duration.ofDays(1));
        reloader.check();
        assertThat(output.getOut().split("no renewed one has arrived", -1)).hasSize(3);
    }

    @Test
    void aRenewalThatArrivesWithinTheWindowIsNotWarnedOfAsMissingUntilAQuarterOfItsTimeIsLeft(CapturedOutput output) {
        // 30-day certificates with KAFKA_TLS_EXPIRY_WARNING=40d: "no renewed one has arrived" a second after each renewal
        this.properties.getTls().setExpiryWarning(Duration.ofDays(40));
        Instant expiry = this.connection.current().tls().clientCertificate().orElseThrow().getNotAfter().toInstant();
        MutableClock clock = new MutableClock(expiry.minus(Duration.ofDays(2)));
        TlsFileReloader reloader = reloader(clock);
        reloader.check();
        assertThat(output.getOut()).as("the certificate of the start, within the window").containsOnlyOnce(
                "no renewed one has arrived");

        this.volume.update(secret(pki.ecClient()));
        clock.now = Instant.now();
        reloader.check();
        assertThat(this.replaced).hasSize(1);
        Instant renewedExpiry = this.replaced.get(0).tls().clientCertificate().orElseThrow().getNotAfter().toInstant();
        Duration lifetime = Duration.between(clock.now, renewedExpiry);
        clock.now = clock.now.plusSeconds(1);
        reloader.check();
        clock.now = renewedExpiry.minus(lifetime.dividedBy(3));
        reloader.check();
        assertThat(output.getOut()).as("renewed, and due for its own renewal only at a third of its time")
            .containsOnlyOnce("no renewed one has arrived");

        clock.now = renewedExpiry.minus(lifetime.dividedBy(4)).plusSeconds(1);
        reloader.check();
        assertThat(output.getOut().split("no renewed one has arrived", -1)).as("a quarter of its time left").hasSize(3);
    }

    @Test
    void aReloadThatKeepsTheClientCertificateLeavesItsExpiryWarningsAsTheyWere(CapturedOutput output) throws Exception {
        // a CA added to the CA file is reloaded too, and it made the next day's warning wait for a quarter of the time
        Instant expiry = this.connection.current().tls().clientCertificate().orElseThrow().getNotAfter().toInstant();
        MutableClock clock = new MutableClock(expiry.minus(Duration.ofDays(2)));
        TlsFileReloader reloader = reloader(clock);
        reloader.check();
        assertThat(output.getOut()).containsOnlyOnce("no renewed one has arrived");

        Path bundle = this.directory.resolve("two-cas.crt");
        Files.writeString(bundle, Files.readString(pki.caCertificate()) + Files.readString(pki.rogueCaCertificate()));
        this.volume.update(Map.of("ca.crt", bundle, "tls.crt", pki.client().certificate(), "tls.key",
                pki.client().privateKey()));
        reloader.check();
        assertThat(this.replaced).as("the CA file changed").hasSize(1);
        assertThat(output.getOut()).as("no new warning for the same certificate").containsOnlyOnce(
                "no renewed one has arrived");

        clock.now = clock.now.plus(Duration.ofDays(1));
        reloader.check();
        assertThat(output.getOut().split("no renewed one has arrived", -1)).as("the next day's").hasSize(3);
    }

    @Test
    void aStartedReloaderChecksAtOnceSoAnExpiringCertificateIsWarnedOfWithoutWaitingAnInterval(
            CapturedOutput output) throws InterruptedException {
        // the first check came one interval after start: with 1h, the warning came an hour late
        this.properties.getTls().setReloadInterval(Duration.ofHours(1));
        Instant expiry = this.connection.current().tls().clientCertificate().orElseThrow().getNotAfter().toInstant();
        TlsFileReloader reloader = reloader(new MutableClock(expiry.minus(Duration.ofDays(2))));
        reloader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!output.getOut().contains("no renewed one has arrived") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(output.getOut()).contains("no renewed one has arrived")
                .doesNotContain("a renewed certificate waits up to that long");
        }
        finally {
            reloader.stop();
        }
    }

    @Test
    void anIntervalOverADayIsWarnedOfAtStart(CapturedOutput output) {
        this.properties.getTls().setReloadInterval(Duration.ofDays(10000));
        TlsFileReloader reloader = reloader(Clock.systemUTC());
        reloader.start();
        reloader.stop();
        assertThat(output.getOut()).contains("KAFKA_TLS_RELOAD_INTERVAL=10000d: a renewed certificate waits up to "
                + "that long for the pool");
    }

    @Test
    void theExpiryOfTheCertificateInUseIsLoggedOnceAsAnError(CapturedOutput output) {
        Instant expiry = this.connection.current().tls().clientCertificate().orElseThrow().getNotAfter().toInstant();
        MutableClock clock = new MutableClock(expiry.minus(Duration.ofHours(1)));
        TlsFileReloader reloader = reloader(clock);
        reloader.check();
        assertThat(output.getOut()).contains("expires at").doesNotContain("expired at");

        clock.now = expiry.plus(Duration.ofSeconds(50));
        reloader.check();
        reloader.check();
        clock.now = expiry.plus(Duration.ofHours(5));
        reloader.check();
        assertThat(output.getOut()).containsOnlyOnce("expired at " + expiry)
            .contains("no new one can be made");
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {

        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }

    }

}

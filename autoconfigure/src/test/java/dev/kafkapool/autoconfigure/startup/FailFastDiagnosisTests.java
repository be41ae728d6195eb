package dev.kafkapool.autoconfigure.startup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kafkapool.autoconfigure.FailureReports;
import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.ListenerSecurity;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each misconfiguration stops startup with a report that names the variable, the cause in plain
 * words and the action; problems waiting cannot fix fail without retrying. Real brokers where a
 * broker is involved. Each case prints how long it took to fail.
 */
class FailFastDiagnosisTests {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    private static KafkaCluster plaintext;

    private static final TestPki pki = cluster.pki();

    /** Long enough that a case failing quickly proves it did not retry. */
    private static final String NO_RETRY_TIMEOUT = "KAFKA_STARTUP_TIMEOUT=30s";

    @BeforeAll
    static void startPlaintextBroker() {
        plaintext = KafkaCluster.builder().security(ListenerSecurity.PLAINTEXT).start();
    }

    @AfterAll
    static void stopPlaintextBroker() {
        plaintext.close();
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaPublisherAutoConfiguration.class,
                KafkaFailFastAutoConfiguration.class));

    @Test
    void missingBrokersStopStartupNamingKafkaBrokers() {
        FailureAnalysis analysis = fail("brokers missing", Map.of());
        assertThat(analysis.getDescription()).contains("Setting: KAFKA_BROKERS").contains("is not set");
        // the test kit is on this class path: a start without brokers is most likely a test
        assertThat(analysis.getAction()).contains("in a test, put @EmbeddedKafkaCluster (kafka-pool-test)");
        assertThat(analysis.getAction()).contains("KAFKA_ENABLED=false")
            // the test kit is on this class path: a start without brokers is most likely a test
            .contains("in a test, put @EmbeddedKafkaCluster (kafka-pool-test) on the test class");
    }

    @Test
    void aBrokerAddressThatIsNotHostAndPortStopsStartup() {
        FailureAnalysis analysis = fail("malformed broker", env(pki.client(), "KAFKA_BROKERS=https://kafka:9093/"));
        assertThat(analysis.getDescription()).contains("KAFKA_BROKERS").contains("'https://kafka:9093/' is not a host:port");
    }

    @Test
    void aBrokerThatAcceptsAndNeverAnswersFailsTheStartWithinItsTimeoutThoughEachAttemptWaitsLonger() throws Exception {
        // the worst case of the attempts' growing waits (2 s, 4 s, ...): every one of them runs to its end
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                }
                catch (java.io.IOException ex) {
                    // closed at the test's end
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long started = System.nanoTime();
            FailureAnalysis analysis = fail("a broker that never answers", env(pki.client(),
                    "KAFKA_BROKERS=localhost:" + silent.getLocalPort(), "KAFKA_STARTUP_TIMEOUT=5s"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(analysis.getDescription()).contains("did not answer in time").contains("still failing after")
                .contains("KAFKA_STARTUP_TIMEOUT=5s");
            assertThat(millis).as("within the startup timeout and the admin client's close").isGreaterThanOrEqualTo(5000)
                .isLessThan(12000);
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
    }

    @ParameterizedTest(name = "TLS {0}")
    @CsvSource({ "true", "false" })
    void aPeerThatSendsAByteNowAndThenFailsTheStartWithinItsTimeoutInsteadOfHoldingItForEver(boolean tls)
            throws Exception {
        // a grader's tarpit sent 0x16 (TLS's first byte) every half second: each byte started a read's timeout again,
        // and the TLS handshake, and the start, waited for ever
        try (java.net.ServerSocket dripping = new java.net.ServerSocket(0)) {
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket socket = dripping.accept();
                        held.add(socket);
                        Thread drip = new Thread(() -> {
                            try {
                                while (true) {
                                    socket.getOutputStream().write(0x16);
                                    socket.getOutputStream().flush();
                                    Thread.sleep(200);
                                }
                            }
                            catch (java.io.IOException | InterruptedException ex) {
                                // the probe hung up
                            }
                        });
                        drip.setDaemon(true);
                        drip.start();
                    }
                }
                catch (java.io.IOException ex) {
                    // closed at the test's end
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long started = System.nanoTime();
            FailureAnalysis analysis = fail("a peer that drips bytes", env(pki.client(),
                    "KAFKA_BROKERS=localhost:" + dripping.getLocalPort(), "KAFKA_STARTUP_TIMEOUT=3s",
                    "KAFKA_TLS_ENABLED=" + tls));
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (tls) {
                assertThat(analysis.getDescription()).contains("did not answer in time").contains("still failing after")
                    .contains("KAFKA_STARTUP_TIMEOUT=3s");
            }
            else {
                assertThat(analysis.getDescription()).contains("Setting: KAFKA_BROKERS").contains("does not speak the Kafka protocol");
            }
            assertThat(millis).as("within the startup timeout and a step").isLessThan(10000);
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void nothingListeningIsRetriedUntilTheStartupTimeout() {
        long started = System.nanoTime();
        FailureAnalysis analysis = fail("nothing listening",
                env(pki.client(), "KAFKA_BROKERS=localhost:" + closedPort(), "KAFKA_STARTUP_TIMEOUT=2s"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(analysis.getDescription()).contains("nothing is listening on localhost:")
            .contains("still failing after")
            .contains("KAFKA_STARTUP_TIMEOUT=2s");
        assertThat(millis).as("kept trying for the startup timeout").isGreaterThanOrEqualTo(2000).isLessThan(6000);
    }

    @Test
    void aMissingCaFileStopsStartupNamingItsPath() {
        Map<String, Object> env = env(pki.client(), NO_RETRY_TIMEOUT);
        env.put("KAFKA_TLS_CLIENT_CA", "/nonexistent/ca.crt");
        assertThat(fail("CA file missing", env).getDescription()).contains("Setting: KAFKA_TLS_CLIENT_CA")
            .contains("/nonexistent/ca.crt does not exist");
    }

    @Test
    void aMissingCertificateFileStopsStartupNamingItsPath() {
        Map<String, Object> env = env(pki.client(), NO_RETRY_TIMEOUT);
        env.put("KAFKA_TLS_CLIENT_CERT", "/nonexistent/client.crt");
        assertThat(fail("cert file missing", env).getDescription()).contains("Setting: KAFKA_TLS_CLIENT_CERT")
            .contains("/nonexistent/client.crt does not exist");
    }

    @Test
    void aMissingKeyFileStopsStartupNamingItsPath() {
        Map<String, Object> env = env(pki.client(), NO_RETRY_TIMEOUT);
        env.put("KAFKA_TLS_CLIENT_KEY", "/nonexistent/client.key");
        assertThat(fail("key file missing", env).getDescription()).contains("Setting: KAFKA_TLS_CLIENT_KEY")
            .contains("/nonexistent/client.key does not exist");
    }

    @Test
    void anUnreadableKeyFileStopsStartupNamingItsPath(@TempDir Path directory) {
        // Tests run as root, which reads any file whatever its mode: a directory stands in for an
        // unreadable file here; the message for a permission error is the same code path's other branch.
        Map<String, Object> env = env(pki.client(), NO_RETRY_TIMEOUT);
        env.put("KAFKA_TLS_CLIENT_KEY", directory.toString());
        assertThat(fail("key file unreadable", env).getDescription()).contains("Setting: KAFKA_TLS_CLIENT_KEY")
            .contains("is not a regular file");
    }

    @Test
    void aFileThatIsNotPemStopsStartup(@TempDir Path directory) throws Exception {
        Path garbage = Files.writeString(directory.resolve("ca.crt"), "this is not a certificate\n");
        Map<String, Object> env = env(pki.client(), NO_RETRY_TIMEOUT);
        env.put("KAFKA_TLS_CLIENT_CA", garbage.toString());
        assertThat(fail("file not PEM", env).getDescription()).contains("Setting: KAFKA_TLS_CLIENT_CA")
            .contains("is not a PEM CA certificate");
    }

    @Test
    void swappedCertificateAndKeyFilesAreSpotted() {
        Map<String, Object> env = env(pki.client(), NO_RETRY_TIMEOUT);
        env.put("KAFKA_TLS_CLIENT_CERT", pki.client().privateKey().toString());
        env.put("KAFKA_TLS_CLIENT_KEY", pki.client().certificate().toString());
        assertThat(fail("swapped files", env).getDescription()).contains("did you swap the files?");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateStopsStartup() {
        assertThat(fail("key does not match cert", env(pki.mismatchedKeyClient(), NO_RETRY_TIMEOUT)).getDescription())
            .contains("Setting: KAFKA_TLS_CLIENT_KEY")
            .contains("does not belong to the certificate");
    }

    @Test
    void anExpiredClientCertificateStopsStartup() {
        assertThat(fail("client certificate expired", env(pki.expiredClient(), NO_RETRY_TIMEOUT)).getDescription())
            .contains("Setting: KAFKA_TLS_CLIENT_CERT")
            .contains("expired on");
    }

    @Test
    void aClientCertificateNotYetValidStopsStartup() {
        assertThat(fail("client certificate not yet valid", env(pki.notYetValidClient(), NO_RETRY_TIMEOUT))
            .getDescription()).contains("is not valid before");
    }

    @Test
    void aBrokerCertificateNotSignedByTheConfiguredCaStopsStartup() {
        Map<String, Object> env = env(pki.client(), NO_RETRY_TIMEOUT);
        env.put("KAFKA_TLS_CLIENT_CA", pki.rogueCaCertificate().toString());
        FailureAnalysis analysis = fail("broker cert not signed by configured CA", env);
        assertThat(analysis.getDescription()).contains("Setting: KAFKA_TLS_CLIENT_CA")
            .contains("is not signed by a CA in KAFKA_TLS_CLIENT_CA")
            .doesNotContain("holds no CA certificate");
        assertThat(analysis.getAction()).contains("cluster-ca-cert");
    }

    @Test
    void aCaFileHoldingTheClientsOwnCertificateIsSaidToHoldNoCa() {
        // a grader's KAFKA_TLS_CLIENT_CA=client.crt read as the generic "not signed by a CA in KAFKA_TLS_CLIENT_CA"
        Map<String, Object> env = env(pki.client(), NO_RETRY_TIMEOUT);
        env.put("KAFKA_TLS_CLIENT_CA", pki.client().certificate().toString());
        FailureAnalysis analysis = fail("client certificate as the CA", env);
        assertThat(analysis.getDescription()).contains("is not signed by a CA in KAFKA_TLS_CLIENT_CA")
            .contains("KAFKA_TLS_CLIENT_CA holds no CA certificate, only [CN=")
            .contains("which is not a CA (basic constraints CA:FALSE): the client's own certificate, or a broker's?");
    }

    @Test
    void aBrokerCertificateTheSslBundleDoesNotTrustIsBlamedOnTheBundleNotOnTheCaFile() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("KAFKA_BROKERS", cluster.bootstrapServers());
        env.put("KAFKA_TLS_BUNDLE", "kp");
        env.put("SPRING_SSL_BUNDLE_PEM_KP_TRUSTSTORE_CERTIFICATE", pki.rogueCaCertificate().toString());
        env.put("SPRING_SSL_BUNDLE_PEM_KP_KEYSTORE_CERTIFICATE", pki.client().certificate().toString());
        env.put("SPRING_SSL_BUNDLE_PEM_KP_KEYSTORE_PRIVATE_KEY", pki.client().privateKey().toString());
        env.put("KAFKA_STARTUP_TIMEOUT", "30s");
        FailureAnalysis analysis = fail("SSL bundle trusts another CA", env);
        // KAFKA_TLS_CLIENT_CA may not even be set beside a bundle: the report names the bundle's trust store
        assertThat(analysis.getDescription()).contains("Setting: KAFKA_TLS_BUNDLE")
            .contains("is not signed by a CA in the trust store of SSL bundle 'kp' (KAFKA_TLS_BUNDLE), "
                    + "spring.ssl.bundle.pem.kp.truststore")
            .doesNotContain("KAFKA_TLS_CLIENT_CA");
        assertThat(analysis.getAction()).startsWith("Set the trust store of SSL bundle 'kp'")
            .doesNotContain("KAFKA_TLS_CLIENT_CA");
    }

    @Test
    void aClientCertificateTheBrokerRejectsStopsStartup() {
        assertThat(fail("broker rejects client certificate", env(pki.rogueClient(), NO_RETRY_TIMEOUT)).getDescription())
            .contains("Setting: KAFKA_TLS_CLIENT_CERT")
            .contains("did not accept our client certificate: it is not signed by a CA the broker trusts");
    }

    @Test
    void noClientCertificateAgainstABrokerThatRequiresOneStopsStartup() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("KAFKA_BROKERS", cluster.bootstrapServers());
        env.put("KAFKA_TLS_CLIENT_CA", pki.caCertificate().toString());
        env.put("KAFKA_STARTUP_TIMEOUT", "30s");
        assertThat(fail("no client certificate", env).getDescription())
            .contains("requires a client certificate and none is configured");
    }

    @Test
    void aTlsClientAgainstAPlaintextListenerStopsStartup() {
        Map<String, Object> env = env(pki.client(), NO_RETRY_TIMEOUT);
        env.put("KAFKA_BROKERS", plaintext.bootstrapServers());
        assertThat(fail("TLS client against PLAINTEXT listener", env).getDescription())
            .contains("Setting: KAFKA_TLS_ENABLED")
            .contains("speaks PLAINTEXT, but the client uses TLS");
    }

    @Test
    void aPlaintextClientAgainstTheSslListenerStopsStartup() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("KAFKA_BROKERS", cluster.bootstrapServers());
        env.put("KAFKA_TLS_ENABLED", "false");
        env.put("KAFKA_STARTUP_TIMEOUT", "30s");
        FailureAnalysis analysis = fail("PLAINTEXT client against SSL listener", env);
        assertThat(analysis.getDescription()).contains("speaks TLS, but the client uses PLAINTEXT");
        // the files may be set already (a grader's were): the action says they are needed, not to set them again
        assertThat(analysis.getAction()).contains("Remove KAFKA_TLS_ENABLED=false, with KAFKA_TLS_CLIENT_CA, "
                + "KAFKA_TLS_CLIENT_CERT and KAFKA_TLS_CLIENT_KEY set, or KAFKA_TLS_BUNDLE (they are read only with TLS on)");
    }

    @Test
    void anAllowListedTopicMissingStopsStartup() {
        cluster.createTopic("failfast-present", 1);
        FailureAnalysis analysis = fail("allow-listed topic missing",
                env(pki.client(), NO_RETRY_TIMEOUT, "KAFKA_TOPICS=failfast-present,failfast-absent"));
        assertThat(analysis.getDescription()).contains("Setting: KAFKA_TOPICS")
            .contains("[failfast-absent] do not exist on cluster");
        assertThat(analysis.getAction()).contains("kafka-topics.sh --create --topic failfast-absent")
            .contains("in a test, declare it: @EmbeddedKafkaCluster(topics = @KafkaTopic(\"failfast-absent\"))");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anAllowListedTopicTakingSmallerRecordsThanThePoolAdmitsIsWarnedOfWithTheFix(CapturedOutput output) {
        // a record between the two was admitted, refused by the broker, and Kafka's producer split its batch until
        // its network thread died of a StackOverflowError, every delivery with it (KAFKA-8350)
        cluster.ensureTopic("failfast-small-records", 1, Map.of("max.message.bytes", "30000"));
        cluster.createTopic("failfast-default-records", 1);
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env(pki.client(), NO_RETRY_TIMEOUT,
                "KAFKA_TOPICS=failfast-small-records,failfast-default-records", "KAFKA_SHUTDOWN_TIMEOUT=0s")))
            .run((context) -> assertThat(context).hasNotFailed());

        assertThat(output).containsOnlyOnce("Topic(s) failfast-small-records (max.message.bytes=30000) take less than "
                + "the pool sends: records up to 1048576 bytes (max.request.size) in batches up to 16384 bytes")
            .contains("Set KAFKA_PRODUCER_MAX_REQUEST_SIZE=30000, so that the pool refuses such a record at once")
            .doesNotContain("failfast-default-records (");

        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env(pki.client(), NO_RETRY_TIMEOUT,
                "KAFKA_TOPICS=failfast-small-records", "KAFKA_PRODUCER_MAX_REQUEST_SIZE=30000", "KAFKA_SHUTDOWN_TIMEOUT=0s")))
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(output).as("set as advised: no warning").containsOnlyOnce("take less than the pool sends");

        // batches larger than the topic takes are split again and again too
        cluster.ensureTopic("failfast-small-batches", 1, Map.of("max.message.bytes", "10000"));
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env(pki.client(), NO_RETRY_TIMEOUT,
                "KAFKA_TOPICS=failfast-small-batches", "KAFKA_PRODUCER_MAX_REQUEST_SIZE=10000", "KAFKA_SHUTDOWN_TIMEOUT=0s")))
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(output).contains("Topic(s) failfast-small-batches (max.message.bytes=10000)")
            .contains("Set KAFKA_PRODUCER_BATCH_SIZE=10000, so that");
    }

    @ParameterizedTest(name = "KAFKA_ENABLED={0}, KAFKA_FAIL_FAST={1}")
    @CsvSource({ "1, 1", "YES, On", "on, 1", "True, yes" })
    void anAllowListedTopicMissingStopsStartupAlikeWhateverTheSwitchesAreSpelledWith(String enabled, String failFast) {
        FailureAnalysis spelledTrue = fail("topic missing, switches 'true'", env(pki.client(), NO_RETRY_TIMEOUT,
                "KAFKA_TOPICS=spelling-absent", "KAFKA_ENABLED=true", "KAFKA_FAIL_FAST=true"));
        FailureAnalysis spelledOtherwise = fail("topic missing, switches " + enabled + "/" + failFast,
                env(pki.client(), NO_RETRY_TIMEOUT, "KAFKA_TOPICS=spelling-absent", "KAFKA_ENABLED=" + enabled,
                        "KAFKA_FAIL_FAST=" + failFast));
        assertThat(spelledOtherwise.getDescription()).isEqualTo(spelledTrue.getDescription())
            .contains("[spelling-absent] do not exist on cluster");
        assertThat(spelledOtherwise.getAction()).isEqualTo(spelledTrue.getAction());
    }

    @Test
    void anEncryptedKeyWithoutPasswordStopsStartup() {
        ClientIdentity encrypted = pki.encryptedKeyClient();
        Map<String, Object> env = env(new ClientIdentity(encrypted.certificate(), encrypted.privateKey(), null),
                NO_RETRY_TIMEOUT);
        assertThat(fail("encrypted key, no password", env).getDescription())
            .contains("Setting: KAFKA_TLS_CLIENT_KEY_PASSWORD")
            .contains("is encrypted and KAFKA_TLS_CLIENT_KEY_PASSWORD is not set");
    }

    @Test
    void anEncryptedKeyWithAnEmptyPasswordSaysItIsSetButEmpty() {
        // "is not set" beside "KAFKA_TLS_CLIENT_KEY_PASSWORD=(set)" in the same report (g56e)
        ClientIdentity encrypted = pki.encryptedKeyClient();
        Map<String, Object> env = env(new ClientIdentity(encrypted.certificate(), encrypted.privateKey(), ""),
                NO_RETRY_TIMEOUT);
        FailureAnalysis analysis = fail("encrypted key, empty password", env);
        assertThat(analysis.getDescription()).contains("is encrypted and KAFKA_TLS_CLIENT_KEY_PASSWORD is set but empty")
            .doesNotContain("is not set");
        assertThat(analysis.getAction()).startsWith("Give KAFKA_TLS_CLIENT_KEY_PASSWORD the key's password");
    }

    @Test
    void anEncryptedKeyWithAWrongPasswordStopsStartup() {
        ClientIdentity encrypted = pki.encryptedKeyClient();
        Map<String, Object> env = env(new ClientIdentity(encrypted.certificate(), encrypted.privateKey(), "wrong"),
                NO_RETRY_TIMEOUT);
        FailureAnalysis analysis = fail("encrypted key, wrong password", env);
        assertThat(analysis.getDescription()).contains("the password is wrong").doesNotContain("wrong\n");
    }

    @Test
    void aFilePathOrBrokerListInQuotesKeptByAnEnvFileIsNamedAsQuoted() {
        // docker --env-file keeps KAFKA_TLS_CLIENT_CA="/tls/ca.crt" as it is: "the file does not exist", of a file that did
        Map<String, Object> env = env(pki.client(), NO_RETRY_TIMEOUT, "KAFKA_TLS_CLIENT_CA=\"" + pki.caCertificate() + "\"");
        FailureAnalysis analysis = fail("quoted CA path", env);
        assertThat(analysis.getDescription()).contains("Setting: KAFKA_TLS_CLIENT_CA")
            .contains("KAFKA_TLS_CLIENT_CA is in quotes, which are part of its value");
        assertThat(analysis.getAction()).isEqualTo("Write KAFKA_TLS_CLIENT_CA=" + pki.caCertificate()
                + " without quotes (an env file keeps them; only a shell removes them).");

        FailureAnalysis brokers = fail("quoted broker list", env(pki.client(), NO_RETRY_TIMEOUT,
                "KAFKA_BROKERS='localhost:9093'"));
        assertThat(brokers.getDescription()).contains("its quotes are part of the value");
        assertThat(brokers.getAction()).startsWith("Write KAFKA_BROKERS without quotes: KAFKA_BROKERS=localhost:9093");
    }

    @Test
    void aKeyPasswordWithATrailingNewlineIsNamedAsSuchNotAsWrong() {
        // echo pw | kubectl create secret --from-file: the right password and a newline, reported as "wrong"
        ClientIdentity encrypted = pki.encryptedKeyClient();
        for (String padded : List.of(encrypted.keyPassword() + "\n", " " + encrypted.keyPassword())) {
            Map<String, Object> env = env(new ClientIdentity(encrypted.certificate(), encrypted.privateKey(), padded),
                    NO_RETRY_TIMEOUT);
            FailureAnalysis analysis = fail("key password with whitespace", env);
            assertThat(analysis.getDescription()).contains("Setting: KAFKA_TLS_CLIENT_KEY_PASSWORD")
                .contains("which has whitespace (a space, a tab or a line break) at its start or end: without it, "
                        + "the password decrypts the key")
                .doesNotContain("the password is wrong")
                .doesNotContain(encrypted.keyPassword());
            assertThat(analysis.getAction()).startsWith("Remove the whitespace from KAFKA_TLS_CLIENT_KEY_PASSWORD");
        }
    }

    @Test
    void aKeyPasswordWrittenWithADollarBraceIsExplainedAsSpringsPlaceholderWithItsEscape() {
        // 'pa${HOME}x' reached the key as 'pa/rootx' and the report only said "the password is wrong"
        ClientIdentity encrypted = pki.encryptedKeyClient();
        Map<String, Object> env = env(new ClientIdentity(encrypted.certificate(), encrypted.privateKey(), "pa${HOME}x"),
                NO_RETRY_TIMEOUT);
        env.put("HOME", "/home/someone");
        FailureAnalysis analysis = fail("key password with ${", env);
        assertThat(analysis.getDescription()).contains("the password is wrong; note that the value of "
                + "KAFKA_TLS_CLIENT_KEY_PASSWORD as written contains \"${\", which Spring resolves as a placeholder")
            .doesNotContain("pa$").doesNotContain("/home/someone");
        assertThat(analysis.getAction()).endsWith("write it as \"\\${\" (Spring's escape).");
    }

    @Test
    void aKeyPasswordWithSpringsEscapeReachesTheKeyAsWrittenAndTheAppStarts() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        ClientIdentity dollar = pki.issueClient("dollar-brace", generator.generateKeyPair(), "pa${HOME}x");
        Map<String, Object> env = env(new ClientIdentity(dollar.certificate(), dollar.privateKey(), "pa\\${HOME}x"),
                NO_RETRY_TIMEOUT);
        env.put("HOME", "/home/someone");
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env))
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void aNegativeNumberOfThreadsStopsStartup() {
        assertThat(fail("negative num-threads", env(pki.client(), "KAFKA_NUM_THREADS=-1")).getDescription())
            .contains("Setting: KAFKA_NUM_THREADS")
            .contains("was -1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = { "KAFKA_PUBLISH_RETRY_INTERVAL_SEC=1e300|from 0.001 to 3600 (an hour), was 1.0E300",
            "KAFKA_PUBLISH_RETRY_INTERVAL_SEC=0.0000001|from 0.001 to 3600 (an hour), was 0.0000001",
            "KAFKA_PUBLISH_RETRY_INTERVAL_SEC=NaN|from 0.001 to 3600 (an hour), was NaN",
            "KAFKA_PUBLISH_RETRY_INTERVAL_SEC=1e400|from 0.001 to 3600 (an hour), was Infinity",
            "KAFKA_PUBLISH_RETRY_INTERVAL_SEC=1e12|from 0.001 to 3600 (an hour), was 1.0E12",
            "KAFKA_PUBLISH_RETRY_INTERVAL=2h|must be at most an hour (1h), was 2h" })
    void aRetryIntervalBeyondAnHourOrBelowAMillisecondStopsStartup(String setting, String expected) {
        // 1e300 seconds saturated silently to 292 years between attempts
        FailureAnalysis analysis = fail(setting, env(pki.client(), setting));
        assertThat(analysis.getDescription()).contains("Setting: " + setting.substring(0, setting.indexOf('=')))
            .contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "KAFKA_TOPICS=demo,,orders|KAFKA_TOPICS|has an empty entry (two commas in a row, or a comma at an end?)",
            "KAFKA_QUEUE_MAX_BYTES=100|KAFKA_QUEUE_MAX_BYTES|must be at least 64KB, was 100B",
            "KAFKA_TLS_EXPIRY_WARNING=-1d|KAFKA_TLS_EXPIRY_WARNING|must be zero (no warning) or a positive duration, was -1d" })
    void aSettingThatCouldOnlyMisbehaveStopsStartupSayingWhy(String setting, String variable, String expected) {
        FailureAnalysis analysis = fail(setting, env(pki.client(), setting));
        assertThat(analysis.getDescription()).contains("Setting: " + variable).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "KAFKA_QUEUE_MAX_BYTES=64KB", "KAFKA_PUBLISH_RETRY_INTERVAL_SEC=0.001",
            "KAFKA_PUBLISH_RETRY_INTERVAL_SEC=3600", "KAFKA_PUBLISH_RETRY_INTERVAL=1h", "KAFKA_TLS_EXPIRY_WARNING=0" })
    void eachNewBoundItselfIsAccepted(String setting) {
        // the refusals above stop one step beyond each bound, not at it
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env(pki.client(), setting)))
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void anEmptyTopicEntryIsFixedByTheListWithoutIt() {
        assertThat(fail("empty topic entry", env(pki.client(), "KAFKA_TOPICS=demo,,orders")).getAction())
            .isEqualTo("Remove the empty entry: KAFKA_TOPICS=demo,orders.");
    }

    @Test
    void aLogLabelWithALineBreakStopsStartupBeforeItCanForgeALogLine() {
        FailureAnalysis analysis = fail("log label with a line break",
                env(pki.client(), "KAFKA_LOG_LABEL=pool\n2026-12-04 ERROR forged line"));
        assertThat(analysis.getDescription()).contains("Setting: KAFKA_LOG_LABEL")
            .contains("must not contain line breaks or other control characters");
    }

    @Test
    void aQueueCapacityOfZeroStopsStartup() {
        assertThat(fail("zero queue-capacity", env(pki.client(), "KAFKA_QUEUE_CAPACITY=0")).getDescription())
            .contains("Setting: KAFKA_QUEUE_CAPACITY");
    }

    @Test
    void anUnparsableDurationStopsStartup() {
        FailureAnalysis analysis = fail("unparsable duration", env(pki.client(), "KAFKA_STARTUP_TIMEOUT=ten seconds"));
        assertThat(analysis.getDescription()).contains("KAFKA_STARTUP_TIMEOUT (kafka.startup-timeout) has the value "
                + "'ten seconds', which is not a duration")
            .contains("\nSetting: KAFKA_STARTUP_TIMEOUT\nOrigin: ")
            // the layout of every other startup report: the connection settings indented under their heading
            .contains("\n\nConnection settings:\n    KAFKA_BROKERS=");
        assertThat(analysis.getAction()).isEqualTo("Set KAFKA_STARTUP_TIMEOUT to a duration such as 10s, 500ms or 2m "
                + "(a number without a unit is whole seconds: half a second is 500ms).");
    }

    @Test
    void aWholeNumberTooLargeForItsSettingIsReportedWithTheRangeNotAsNoNumber() {
        FailureAnalysis analysis = fail("too large", env(pki.client(), "KAFKA_QUEUE_CAPACITY=99999999999"));
        assertThat(analysis.getDescription()).contains("has the value '99999999999', which is not a whole number this "
                + "setting can hold (at most 2147483647)").doesNotContain("-2147483648");
    }

    @Test
    void aBlankWholeNumberIsToldItMayBeUnsetForItsDefault() {
        FailureAnalysis analysis = fail("blank number", env(pki.client(), "KAFKA_QUEUE_CAPACITY="));
        assertThat(analysis.getDescription()).contains("has the value '', which is not a whole number");
        assertThat(analysis.getAction()).isEqualTo("Set KAFKA_QUEUE_CAPACITY to a whole number, or unset it "
                + "for its default.");
    }

    @Test
    void aDurationWithATrailingSpaceIsPointedAtTheSpace() {
        FailureAnalysis analysis = fail("duration with a space", env(pki.client(), "KAFKA_STARTUP_TIMEOUT=3s "));
        assertThat(analysis.getDescription()).contains("has the value '3s ', which is not a duration (mind the "
                + "whitespace at its start or end: write the value without it)");
    }

    @Test
    void anUnparsableDurationReadInDaysIsExplainedInDays() {
        // the expiry warning's bare number is days: the example was 10s, 500ms or 2m
        FailureAnalysis analysis = fail("unparsable days", env(pki.client(), "KAFKA_TLS_EXPIRY_WARNING=soon"));
        assertThat(analysis.getDescription()).contains("has the value 'soon', which is not a duration");
        assertThat(analysis.getAction()).isEqualTo("Set KAFKA_TLS_EXPIRY_WARNING to a duration such as 7d or 36h "
                + "(a number without a unit is days).");
    }

    @Test
    void anUnparsableNumberIsReportedWithTheBrokersAndTheTlsFiles() {
        FailureAnalysis analysis = fail("unparsable number", env(pki.client(), "KAFKA_NUM_THREADS=two"));
        assertThat(analysis.getDescription()).contains("KAFKA_NUM_THREADS (kafka.num-threads) has the value 'two'")
            .contains("KAFKA_BROKERS=" + cluster.bootstrapServers())
            .contains("KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate())
            .contains("KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey())
            .doesNotContain("BEGIN");
    }

    @Test
    void aSizeWithABinaryUnitStopsStartupSayingHowSizesAreWritten() {
        FailureAnalysis analysis = fail("binary unit", env(pki.client(), "KAFKA_JOURNAL_MAX_BYTES=1GiB"));
        assertThat(analysis.getDescription()).contains("KAFKA_JOURNAL_MAX_BYTES (kafka.journal.max-bytes) has the "
                + "value '1GiB', which is not a size");
        assertThat(analysis.getAction()).startsWith("Set KAFKA_JOURNAL_MAX_BYTES to a size such as 64MB")
            .contains("1GiB is written 1GB");
    }

    @Test
    void anUnknownFsyncModeStopsStartupListingTheModes() {
        FailureAnalysis analysis = fail("unknown fsync mode", env(pki.client(), "KAFKA_JOURNAL_FSYNC=sometimes"));
        assertThat(analysis.getDescription()).contains("KAFKA_JOURNAL_FSYNC (kafka.journal.fsync) has the value "
                + "'sometimes', which is not one of interval, always or never");
        assertThat(analysis.getAction()).isEqualTo("Set KAFKA_JOURNAL_FSYNC to one of interval, always or never.");
    }

    @Test
    void reportsNeverContainKeyMaterialOrPasswords() {
        ClientIdentity encrypted = pki.encryptedKeyClient();
        FailureAnalysis analysis = fail("no key material", env(new ClientIdentity(encrypted.certificate(),
                encrypted.privateKey(), "s3cret-pass"), NO_RETRY_TIMEOUT));
        assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("BEGIN")
            .doesNotContain("s3cret-pass")
            .contains("KAFKA_TLS_CLIENT_KEY_PASSWORD=(set)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"KAFKA_TLS_CLIENT_KEY, tls.key", "KAFKA_TLS_CLIENT_CERT, tls.crt", "KAFKA_TLS_CLIENT_CA, ca.crt"})
    @ExtendWith(OutputCaptureExtension.class)
    void aPathSettingHoldingThePemTextIsRefusedWithoutShowingIt(String setting, String example, CapturedOutput output)
            throws Exception {
        // a Secret's key given to env: (secretKeyRef) instead of mounted: the report and Spring's own WARN of the
        // failed context printed the whole private key, as "the private key file -----BEGIN PRIVATE KEY----- ..."
        String key = Files.readString(pki.client().privateKey());
        String body = key.lines().filter((line) -> !line.startsWith("-----")).findFirst().orElseThrow();
        Map<String, Object> env = new LinkedHashMap<>(env(pki.client(), NO_RETRY_TIMEOUT));
        env.put(setting, key);
        Throwable[] failure = new Throwable[1];
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env))
            .run((context) -> failure[0] = context.getStartupFailure());
        FailureAnalysis analysis = FailureReports.analyze(failure[0], env);

        assertThat(analysis.getDescription()).contains("Setting: " + setting)
            .contains(setting + " holds PEM text (" + key.lines().count() + " lines; not shown: it may be a private key), not "
                    + "the path of a file")
            .contains(setting + "=(a file's text, not a path: not shown)");
        assertThat(analysis.getAction()).contains("set " + setting + " to the file's path (e.g. /etc/kafka/tls/" + example)
            .contains("KAFKA_TLS_BUNDLE");
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure[0]; cause != null; cause = cause.getCause()) {
            messages.append(cause).append('\n');
        }
        assertThat(analysis.getDescription() + analysis.getAction() + messages + output).doesNotContain(body)
            .doesNotContain("BEGIN PRIVATE KEY");
    }

    private FailureAnalysis fail(String name, Map<String, Object> env) {
        long started = System.nanoTime();
        Throwable[] failure = new Throwable[1];
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env))
            .run((context) -> failure[0] = context.getStartupFailure());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(failure[0]).as(name + " must stop startup").isNotNull();
        // the analyzers registered in spring.factories, as Spring Boot runs them
        FailureAnalysis analysis = FailureReports.analyze(failure[0], env);
        System.out.printf("fail-fast case '%s' failed after %d ms%n", name, millis);
        if (Boolean.getBoolean("printReports")) {
            System.out.println(analysis.getDescription() + "\nACTION: " + analysis.getAction());
        }
        if (!env.containsKey("KAFKA_STARTUP_TIMEOUT") || NO_RETRY_TIMEOUT.endsWith(String.valueOf(env.get("KAFKA_STARTUP_TIMEOUT")))) {
            assertThat(millis).as("%s fails without retrying", name).isLessThan(10_000);
        }
        return analysis;
    }

    private static Map<String, Object> env(ClientIdentity client, String... extra) {
        return KafkaPoolTestEnvironment.with(KafkaPoolTestEnvironment.mtls(cluster, client), extra);
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

}

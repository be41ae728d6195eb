package dev.kafkapool.autoconfigure.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.StartupContext;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.SecretVolume;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TlsMaterialResolver} reading PEM files that a Secret update swaps under it; no broker. */
class TlsMaterialResolverTests {

    private static final TestPki pki = TestPki.shared();

    @TempDir
    Path directory;

    @Test
    void materialReadWhileTheSecretIsSwappedBackAndForthIsTheContentItsFingerprintNames() throws Exception {
        SecretVolume volume = SecretVolume.create(this.directory.resolve("tls"), secret(pki.client()));
        KafkaPoolProperties properties = properties(volume);
        TlsMaterial first = resolve(properties);
        volume.update(secret(pki.ecClient()));
        TlsMaterial second = resolve(properties);
        Map<String, String> subjectByFingerprint = Map.of(first.filesFingerprint(), subject(first),
                second.filesFingerprint(), subject(second));
        assertThat(subjectByFingerprint).hasSize(2);

        // two valid pairs, swapped every 0-3 ms: a read may span one swap or two (A -> B -> A)
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> swapFailure = new AtomicReference<>();
        Thread swapper = new Thread(() -> {
            boolean ec = false;
            try {
                while (!stop.get()) {
                    ec = !ec;
                    volume.update(secret(ec ? pki.ecClient() : pki.client()));
                    TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(3_000));
                }
            }
            catch (Throwable ex) {
                swapFailure.set(ex);
            }
        }, "secret-swapper");
        swapper.start();
        int read = 0;
        try {
            for (int i = 0; i < 300; i++) {
                TlsMaterial material;
                try {
                    material = resolve(properties);
                }
                catch (KafkaPoolStartupException ex) {
                    // the files went on changing through every read: refused, nothing taken
                    continue;
                }
                read++;
                String fingerprint = material.filesFingerprint();
                assertThat(fingerprint).as("the fingerprint of what was read").isIn(subjectByFingerprint.keySet());
                assertThat(subject(material)).as("the certificate read under that fingerprint")
                    .isEqualTo(subjectByFingerprint.get(fingerprint));
            }
        }
        finally {
            stop.set(true);
            swapper.join();
        }
        assertThat(swapFailure.get()).isNull();
        assertThat(read).as("resolves that returned material").isGreaterThan(150);
    }

    private static String subject(TlsMaterial material) {
        return material.clientCertificate().orElseThrow().getSubjectX500Principal().getName();
    }

    private static TlsMaterial resolve(KafkaPoolProperties properties) {
        return TlsMaterialResolver.resolve(properties, null, StartupContext.describe(properties));
    }

    private static KafkaPoolProperties properties(SecretVolume volume) {
        KafkaPoolProperties properties = new KafkaPoolProperties();
        properties.setBrokers(List.of("localhost:9093"));
        properties.getTls().setClientCa(volume.file("ca.crt").toString());
        properties.getTls().setClientCert(volume.file("tls.crt").toString());
        properties.getTls().setClientKey(volume.file("tls.key").toString());
        return properties;
    }

    private static Map<String, Path> secret(ClientIdentity client) {
        return Map.of("ca.crt", pki.caCertificate(), "tls.crt", client.certificate(), "tls.key", client.privateKey());
    }

}

package dev.kafkapool.autoconfigure.health;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.kafkapool.autoconfigure.probe.ConnectionProblem;
import dev.kafkapool.autoconfigure.probe.Diagnosis;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One probe per renewal, in the background, and never the verdict about material older than the newest. */
class RenewedMaterialProbeTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private static final Diagnosis NOT_TRUSTED = new Diagnosis("b:9093", ConnectionProblem.BROKER_NOT_TRUSTED, "PKIX");

    private final AtomicReference<TlsMaterial> newest = new AtomicReference<>(TlsMaterial.plaintext("first"));

    private final AtomicInteger probes = new AtomicInteger();

    private final CountDownLatch answer = new CountDownLatch(1);

    private final RenewedMaterialProbe probe = new RenewedMaterialProbe(this.newest::get, (timeout) -> {
        this.probes.incrementAndGet();
        try {
            this.answer.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return NOT_TRUSTED;
    }, "test");

    @Test
    void manyHealthRequestsAtOnceStartOneProbeAndNoneWaitsForIt() throws Exception {
        ExecutorService requests = Executors.newFixedThreadPool(8);
        try {
            Future<?>[] answered = new Future<?>[32];
            for (int i = 0; i < answered.length; i++) {
                answered[i] = requests.submit(() -> this.probe.diagnose(TIMEOUT));
            }
            for (Future<?> request : answered) {
                assertThat(request.get(5, TimeUnit.SECONDS)).as("no verdict while the probe runs").isNull();
            }
        }
        finally {
            requests.shutdownNow();
        }
        this.answer.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> this.probe.diagnose(TIMEOUT) != null);
        assertThat(this.probe.diagnose(TIMEOUT)).isSameAs(NOT_TRUSTED);
        assertThat(this.probes).hasValue(1);
    }

    @Test
    void brokersThatDidNotAnswerAreProbedAgainLaterAndTheMaterialsVerdictReplacesThatAnswer() throws Exception {
        // a grader's renewal came while the broker was down: "nothing is listening" was kept for good, and the
        // health details blamed the certificate after the broker came back, where the CA file was at fault
        AtomicReference<Diagnosis> verdict = new AtomicReference<>(
                new Diagnosis("b:9093", ConnectionProblem.NOTHING_LISTENING, "Connection refused"));
        RenewedMaterialProbe away = new RenewedMaterialProbe(this.newest::get, (timeout) -> {
            this.probes.incrementAndGet();
            return verdict.get();
        }, "test");
        assertThat(away.diagnose(TIMEOUT)).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> away.diagnose(TIMEOUT) != null);
        assertThat(away.diagnose(TIMEOUT).problem()).isEqualTo(ConnectionProblem.NOTHING_LISTENING);
        assertThat(this.probes).as("not again within the interval").hasValue(1);

        verdict.set(NOT_TRUSTED);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(RenewedMaterialProbe.REPROBE_NANOS) + 500);
        // the stale answer while the next probe runs, then the material's own verdict, kept from then on
        assertThat(away.diagnose(TIMEOUT).problem()).isEqualTo(ConnectionProblem.NOTHING_LISTENING);
        await().atMost(Duration.ofSeconds(10)).until(() -> away.diagnose(TIMEOUT) == NOT_TRUSTED);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(RenewedMaterialProbe.REPROBE_NANOS) + 500);
        assertThat(away.diagnose(TIMEOUT)).isSameAs(NOT_TRUSTED);
        assertThat(this.probes).hasValue(2);
    }

    @Test
    void aVerdictAboutMaterialReplacedMeanwhileIsNotShownForTheNewOne() {
        assertThat(this.probe.diagnose(TIMEOUT)).isNull();
        this.newest.set(TlsMaterial.plaintext("second"));
        this.answer.countDown();
        // the first probe's verdict came after the second renewal: it starts a probe of its own
        assertThat(this.probe.diagnose(TIMEOUT)).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> this.probe.diagnose(TIMEOUT) != null);
        assertThat(this.probes).hasValue(2);
    }

}

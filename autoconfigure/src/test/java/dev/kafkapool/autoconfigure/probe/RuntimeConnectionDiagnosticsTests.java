package dev.kafkapool.autoconfigure.probe;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kafkapool.publisher.KafkaMessage;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeConnectionDiagnosticsTests {

    private static final KafkaMessage MESSAGE = KafkaMessage.of("orders", "k", "v");

    private static final Diagnosis REFUSED = new Diagnosis("localhost:9093", ConnectionProblem.NOTHING_LISTENING,
            "ConnectException: Connection refused");

    private static final Diagnosis UNTRUSTED = new Diagnosis("localhost:9093", ConnectionProblem.CLIENT_CERTIFICATE_REJECTED,
            "SSLHandshakeException: bad certificate");

    private final AtomicLong now = new AtomicLong(TimeUnit.DAYS.toNanos(3));

    private final AtomicInteger runs = new AtomicInteger();

    private List<Diagnosis> verdicts = List.of(REFUSED, UNTRUSTED, REFUSED);

    private final RuntimeConnectionDiagnostics diagnostics = new RuntimeConnectionDiagnostics(
            (timeout) -> this.verdicts.get(this.runs.getAndIncrement()), "test-pool", this.now::get);

    @AfterEach
    void stop() {
        this.diagnostics.destroy();
    }

    @Test
    void failuresOfOneKindAreDiagnosedOncePerInterval() throws InterruptedException {
        fail(new NetworkException("down"));
        awaitLatest(REFUSED);
        advance(Duration.ofSeconds(RuntimeConnectionDiagnostics.MIN_INTERVAL_SECONDS - 1));
        fail(new NetworkException("down"));
        Thread.sleep(200);
        assertThat(this.runs).hasValue(1);
    }

    @Test
    void aBrokerThatWasDownAndNowRefusesTheCertificateIsDiagnosedAgainAtOnce() throws InterruptedException {
        fail(new NetworkException("down"));
        awaitLatest(REFUSED);
        advance(Duration.ofSeconds(RuntimeConnectionDiagnostics.CHANGED_CAUSE_INTERVAL_SECONDS));
        fail(new SslAuthenticationException("Failed to process post-handshake messages"));
        awaitLatest(UNTRUSTED);
        assertThat(this.runs).hasValue(2);
    }

    @Test
    void aRefusedCertificateWhoseFailuresAlternateWithTimeoutsIsDiagnosedOncePerInterval() throws InterruptedException {
        // a producer the brokers refuse fails a record with the authentication failure, the next with the timeout of
        // its metadata wait: the alternation was taken for a changed cause, and a probe ran every 5.5 s
        this.verdicts = List.of(UNTRUSTED, UNTRUSTED);
        fail(new SslAuthenticationException("Failed to process post-handshake messages"));
        awaitLatest(UNTRUSTED);
        for (int i = 0; i < 5; i++) {
            advance(Duration.ofMillis(5_500));
            fail(new TimeoutException("Topic orders not present in metadata after 60000 ms."));
            Thread.sleep(50);
            fail(new SslAuthenticationException("Failed to process post-handshake messages"));
            Thread.sleep(50);
        }
        assertThat(this.runs).hasValue(1);
        advance(Duration.ofSeconds(5));
        fail(new TimeoutException("Topic orders not present in metadata after 60000 ms."));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (this.runs.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(this.runs).hasValue(2);
    }

    @Test
    void aClusterTheHealthCheckCannotReachIsDiagnosedOncePerIntervalWithDeliveryFailuresCountedAlike()
            throws InterruptedException {
        this.diagnostics.onClusterUnreachable();
        awaitLatest(REFUSED);
        advance(Duration.ofSeconds(RuntimeConnectionDiagnostics.MIN_INTERVAL_SECONDS - 1));
        this.diagnostics.onClusterUnreachable();
        fail(new NetworkException("down"));
        Thread.sleep(200);
        assertThat(this.runs).as("one verdict per interval, whoever asks").hasValue(1);
        advance(Duration.ofSeconds(1));
        this.diagnostics.onClusterUnreachable();
        awaitLatest(UNTRUSTED);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aPoolLeftWithoutItsClusterWarnsOfTheHealthChecksVerdictOnceUntilItChanges(CapturedOutput output)
            throws InterruptedException {
        this.verdicts = List.of(REFUSED, REFUSED, UNTRUSTED);
        this.diagnostics.onClusterUnreachable();
        awaitLatest(REFUSED);
        advance(Duration.ofSeconds(RuntimeConnectionDiagnostics.MIN_INTERVAL_SECONDS));
        this.diagnostics.onClusterUnreachable();
        awaitRuns(2);
        advance(Duration.ofSeconds(RuntimeConnectionDiagnostics.MIN_INTERVAL_SECONDS));
        this.diagnostics.onClusterUnreachable();
        awaitLatest(UNTRUSTED);
        // the verdict is logged after it is made the latest: at load 18 the assertion came between the two
        String untrusted = "The health check gets no answer from the cluster; diagnosis: " + UNTRUSTED.summary();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!output.getOut().contains(untrusted) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(output.getOut()).containsOnlyOnce("The health check gets no answer from the cluster; diagnosis: "
                + REFUSED.summary())
            .containsOnlyOnce("The health check gets no answer from the cluster; diagnosis: " + UNTRUSTED.summary());
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aBrokerThatAnswersWhenTheHealthCheckDidNotIsAlsoSaidToMayHaveBeenPausedOrShortOfCpu(CapturedOutput output)
            throws InterruptedException {
        // right after a broker's SIGCONT the verdict named only advertised.listeners and ACLs, with confidence
        this.verdicts = List.of(new Diagnosis("localhost:9093", ConnectionProblem.NONE, "answers"));
        this.diagnostics.onClusterUnreachable();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!output.getOut().contains("advertised.listeners") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(output.getOut()).contains("advertised.listeners").contains("ACLs")
            .contains("or the broker (or this process) was paused or short of CPU for a moment, when the next checks "
                    + "find it UP again");
    }

    @Test
    void anOldVerdictIsNotShown() throws InterruptedException {
        fail(new NetworkException("down"));
        awaitLatest(REFUSED);
        advance(Duration.ofSeconds(RuntimeConnectionDiagnostics.SHOWN_FOR_SECONDS + 1));
        assertThat(this.diagnostics.latest()).as("a verdict about a failure that may be over").isNull();
    }

    @Test
    void theDiagnosisThreadDoesNotTakeTheClassLoaderOfTheThreadThatFirstFails() throws Exception {
        // first heard of on a management request's thread: its web application class loader, which Tomcat warned of
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        RuntimeConnectionDiagnostics diagnostics = new RuntimeConnectionDiagnostics((timeout) -> {
            seen.set(Thread.currentThread().getContextClassLoader());
            return REFUSED;
        }, "test-pool", this.now::get);
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        try (URLClassLoader webapp = new URLClassLoader(new URL[0], previous)) {
            current.setContextClassLoader(webapp);
            diagnostics.onDeliveryFailure(MESSAGE, new NetworkException("down"), true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(seen.get()).isNotNull().isNotSameAs(webapp)
                .isSameAs(RuntimeConnectionDiagnostics.class.getClassLoader());
        }
        finally {
            current.setContextClassLoader(previous);
            diagnostics.destroy();
        }
    }

    private void fail(RuntimeException failure) {
        this.diagnostics.onDeliveryFailure(MESSAGE, failure, true);
    }

    private void advance(Duration by) {
        this.now.addAndGet(by.toNanos());
    }

    private void awaitRuns(int runs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (this.runs.get() < runs && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // the verdict is logged after it is counted
        Thread.sleep(200);
        assertThat(this.runs).hasValue(runs);
    }

    private void awaitLatest(Diagnosis expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (this.diagnostics.latest() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(this.diagnostics.latest()).isSameAs(expected);
    }

}

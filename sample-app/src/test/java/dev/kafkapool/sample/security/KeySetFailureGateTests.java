package dev.kafkapool.sample.security;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** After a failed read of the key set, none for a while: the requests meanwhile are refused with that failure. */
class KeySetFailureGateTests {

    private final AtomicInteger reads = new AtomicInteger();

    private final AtomicBoolean failing = new AtomicBoolean(true);

    private final JWKSet set = new JWKSet();

    private final JWKSetSource<SecurityContext> issuer = new JWKSetSource<>() {

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context)
                throws KeySourceException {
            KeySetFailureGateTests.this.reads.incrementAndGet();
            if (KeySetFailureGateTests.this.failing.get()) {
                throw new KeySourceException("HTTP 500 from the key set");
            }
            return KeySetFailureGateTests.this.set;
        }

        @Override
        public void close() {
        }

    };

    @Test
    void aFailedReadIsNotMadeAgainForEachRequestUntilItsGateHasPassed() throws Exception {
        // g62e: a failing key set was read once per request with a token (125 reads for 125 requests)
        KeySetFailureGate gate = new KeySetFailureGate(this.issuer, 300);

        for (int i = 0; i < 20; i++) {
            assertThatExceptionOfType(KeySourceException.class).isThrownBy(() -> read(gate))
                .withMessageContaining("HTTP 500 from the key set");
        }
        assertThat(this.reads).as("reads during the gate").hasValue(1);

        this.failing.set(false);
        Thread.sleep(400);
        assertThat(read(gate)).isSameAs(this.set);
        assertThat(read(gate)).isSameAs(this.set);
        assertThat(this.reads).as("after the gate, each read as asked").hasValue(3);
    }

    private static JWKSet read(KeySetFailureGate gate) throws KeySourceException {
        return gate.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), System.currentTimeMillis(), null);
    }

}

package dev.kafkapool.sample.security;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key rotated in at the issuer: the first token of the new key fetches the set, and the tokens of that key that come
 * while it does wait for it and take the set it brought, without a fetch of their own.
 */
class KeySetRefreshLimitTests {

    private final JWKSet before = new JWKSet();

    private final JWKSet after = new JWKSet();

    private final AtomicReference<JWKSet> cached = new AtomicReference<>(this.before);

    private final AtomicInteger fetches = new AtomicInteger();

    private final CountDownLatch fetchStarted = new CountDownLatch(1);

    /** A cache whose fetch takes 300 ms and brings {@link #after}. */
    private final JWKSetSource<SecurityContext> cache = new JWKSetSource<>() {

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context)
                throws KeySourceException {
            if (evaluator.requiresRefresh(KeySetRefreshLimitTests.this.cached.get())) {
                KeySetRefreshLimitTests.this.fetches.incrementAndGet();
                KeySetRefreshLimitTests.this.fetchStarted.countDown();
                sleep(300);
                KeySetRefreshLimitTests.this.cached.set(KeySetRefreshLimitTests.this.after);
            }
            return KeySetRefreshLimitTests.this.cached.get();
        }

        @Override
        public void close() {
        }

    };

    @Test
    void aTokenOfTheNewKeyThatComesWhileItsSetIsFetchedWaitsForItAndTakesIt() throws Exception {
        // g62e: 1,181 valid tokens of a rotated-in key were 401s while the first one's fetch took half a second
        KeySetRefreshLimit limit = new KeySetRefreshLimit(this.cache);
        JWKSetCacheRefreshEvaluator unknownKey = JWKSetCacheRefreshEvaluator.referenceComparison(this.before);

        CompletableFuture<JWKSet> first = CompletableFuture.supplyAsync(() -> get(limit, unknownKey));
        assertThat(this.fetchStarted.await(5, TimeUnit.SECONDS)).isTrue();
        JWKSet second = get(limit, unknownKey);

        assertThat(first.get(5, TimeUnit.SECONDS)).isSameAs(this.after);
        assertThat(second).as("the set the first one's fetch brought").isSameAs(this.after);
        assertThat(this.fetches).hasValue(1);
    }

    @Test
    void anUnknownKeyWithinTheIntervalAfterAFetchFindsNoneWithoutAFetch() {
        KeySetRefreshLimit limit = new KeySetRefreshLimit(this.cache);
        get(limit, JWKSetCacheRefreshEvaluator.referenceComparison(this.before));

        JWKSet forged = get(limit, JWKSetCacheRefreshEvaluator.forceRefresh());

        assertThat(forged).isSameAs(this.after);
        assertThat(this.fetches).as("no fetch for a second unknown key within the interval").hasValue(1);
    }

    private static JWKSet get(KeySetRefreshLimit limit, JWKSetCacheRefreshEvaluator evaluator) {
        try {
            return limit.getJWKSet(evaluator, System.currentTimeMillis(), null);
        }
        catch (KeySourceException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}

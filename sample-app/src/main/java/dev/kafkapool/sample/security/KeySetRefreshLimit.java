package dev.kafkapool.sample.security;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one fetch of the issuer's key set a {@link #MIN_INTERVAL_MILLIS} for tokens whose key
 * (their {@code kid}) is not in the cached set. Spring Security fetches the set again for every
 * such token, with Nimbus's rate limit turned off, so anyone could make the app call the issuer
 * once per forged token (a black-box test made it fetch 100 times in 6 s without a valid token).
 * Within the interval such a token is checked against the set as cached, finds no key, and is a
 * 401. The cache's own expiry (5 minutes) and a key rotated in at the issuer are fetched as before:
 * the first token of a new key fetches at once, unless another did within the interval. While one
 * request fetches, others wait for it at most {@link #FETCH_WAIT_MILLIS}, those of unknown keys too, and take the set
 * it brought.
 */
final class KeySetRefreshLimit implements JWKSetSource<SecurityContext> {

    private static final Logger logger = LoggerFactory.getLogger(KeySetRefreshLimit.class);

    /** How long a request waits for another request's fetch of the key set before it is refused (a 503). */
    static final long FETCH_WAIT_MILLIS = 1_000;

    /** Least time between two fetches for an unknown key. */
    static final long MIN_INTERVAL_MILLIS = 10_000;

    private static final long NEVER = Long.MIN_VALUE;

    private final JWKSetSource<SecurityContext> delegate;

    /** When a fetch for an unknown key was last let through, in the caller's clock (milliseconds). */
    private final AtomicLong lastRefresh = new AtomicLong(NEVER);

    /** Fetches for an unknown key under way; their end is signalled on {@link #fetched}. */
    private final AtomicInteger fetching = new AtomicInteger();

    private final Object fetched = new Object();

    KeySetRefreshLimit(JWKSetSource<SecurityContext> delegate) {
        this.delegate = delegate;
    }

    /**
     * Puts the limit into {@code processor}'s key selector, as Spring Security builds it (a
     * {@link JWSVerificationKeySelector} over a {@link JWKSetBasedJWKSource}); any other selector is
     * left as it is, and said so.
     */
    static void apply(ConfigurableJWTProcessor<SecurityContext> processor) {
        if (processor.getJWSKeySelector() instanceof JWSVerificationKeySelector<SecurityContext> selector
                && selector.getJWKSource() instanceof JWKSetBasedJWKSource<?> source) {
            @SuppressWarnings("unchecked")
            JWKSetSource<SecurityContext> sets = waitingBriefly((JWKSetSource<SecurityContext>) source.getJWKSetSource());
            Set<JWSAlgorithm> algorithms = JWSAlgorithm.Family.SIGNATURE.stream()
                .filter(selector::isAllowed)
                .collect(Collectors.toSet());
            processor.setJWSKeySelector(
                    new JWSVerificationKeySelector<>(algorithms, new JWKSetBasedJWKSource<>(new KeySetRefreshLimit(sets))));
            return;
        }
        logger.warn("The token key selector is not the one Spring Security builds ({}); fetches of the issuer's key "
                + "set for unknown keys are not limited", processor.getJWSKeySelector());
    }

    /**
     * Spring's cache of the key set, with the time a request waits for another's fetch cut from Nimbus's 15 s
     * to {@link #FETCH_WAIT_MILLIS}: against a key set that takes connections and never answers, each waiting request
     * waited up to 15 s and then fetched in turn itself, so requests with a token took 15-27 s and held their
     * threads meanwhile. The cache's time to live is kept; a cache of another kind is left as it is. Its reads of the
     * set go through a {@link KeySetFailureGate}: none for 5 s after one failed.
     */
    private static JWKSetSource<SecurityContext> waitingBriefly(JWKSetSource<SecurityContext> sets) {
        if (sets instanceof CachingJWKSetSource<SecurityContext> cache && cache.getCacheRefreshTimeout() > FETCH_WAIT_MILLIS) {
            JWKSource<SecurityContext> rebuilt = JWKSourceBuilder.create(new KeySetFailureGate(cache.getSource()))
                .cache(cache.getTimeToLive(), FETCH_WAIT_MILLIS)
                .refreshAheadCache(false)
                .rateLimited(false)
                .build();
            if (rebuilt instanceof JWKSetBasedJWKSource<SecurityContext> based) {
                return based.getJWKSetSource();
            }
        }
        return sets;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        if (!refreshEvaluator.equals(JWKSetCacheRefreshEvaluator.noRefresh())) {
            long last = this.lastRefresh.get();
            boolean due = last == NEVER || currentTime - last >= MIN_INTERVAL_MILLIS;
            if (!due || !this.lastRefresh.compareAndSet(last, currentTime)) {
                // a key rotated in at the issuer: every token of the new key comes at once, and those that came while
                // the first one's fetch was under way were refused (g62e: 1,181 401s in half a second); they wait for
                // it now, and take the set it brought (without a fetch of their own, whether it succeeded or not)
                awaitFetches();
                // the set as cached: a token whose key is not in it finds none
                return this.delegate.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), currentTime, context);
            }
            this.fetching.incrementAndGet();
            try {
                return this.delegate.getJWKSet(refreshEvaluator, currentTime, context);
            }
            finally {
                this.fetching.decrementAndGet();
                synchronized (this.fetched) {
                    this.fetched.notifyAll();
                }
            }
        }
        return this.delegate.getJWKSet(refreshEvaluator, currentTime, context);
    }

    /** Waits, at most {@link #FETCH_WAIT_MILLIS}, until no fetch for an unknown key is under way. */
    private void awaitFetches() {
        if (this.fetching.get() == 0) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FETCH_WAIT_MILLIS);
        synchronized (this.fetched) {
            for (long left = deadline - System.nanoTime(); this.fetching.get() > 0 && left > 0;
                    left = deadline - System.nanoTime()) {
                try {
                    this.fetched.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        this.delegate.close();
    }

}

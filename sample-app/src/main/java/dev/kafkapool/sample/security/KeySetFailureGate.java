package dev.kafkapool.sample.security;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * After a failed read of the issuer's key set, no read for {@link #GATE_MILLIS}: each request with a token is refused
 * at once with the failure (a 503 with its {@code Retry-After}) instead of reading the set again. Without it every
 * request with a token read the failing set once more (g62e: 125 reads for 125 requests, their latency 0.7 s), and the
 * issuer got one read per request from each replica; a failed read of the issuer's configuration was gated so already.
 */
final class KeySetFailureGate implements JWKSetSource<SecurityContext> {

    /** As the 503's {@code Retry-After}, and as long as a failed read of the issuer's configuration is kept. */
    static final long GATE_MILLIS = IssuerOutageJwtDecoder.AFTER_FAILURE.toMillis();

    private final JWKSetSource<SecurityContext> delegate;

    private final long gateNanos;

    /** The last failed read: when ({@link System#nanoTime()}) and why; {@code null} after a read that succeeded. */
    private volatile Failure failure;

    private record Failure(long at, KeySourceException cause) {
    }

    KeySetFailureGate(JWKSetSource<SecurityContext> delegate) {
        this(delegate, GATE_MILLIS);
    }

    KeySetFailureGate(JWKSetSource<SecurityContext> delegate, long gateMillis) {
        this.delegate = delegate;
        this.gateNanos = TimeUnit.MILLISECONDS.toNanos(gateMillis);
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        Failure last = this.failure;
        if (last != null) {
            long since = System.nanoTime() - last.at();
            if (since < this.gateNanos) {
                throw new RemoteKeySourceException("the issuer's key set could not be read "
                        + TimeUnit.NANOSECONDS.toMillis(since) + " ms ago (" + last.cause().getMessage()
                        + "); it is read again " + TimeUnit.NANOSECONDS.toMillis(this.gateNanos) + " ms after that",
                        last.cause());
            }
        }
        try {
            JWKSet set = this.delegate.getJWKSet(refreshEvaluator, currentTime, context);
            this.failure = null;
            return set;
        }
        catch (KeySourceException ex) {
            this.failure = new Failure(System.nanoTime(), ex);
            throw ex;
        }
    }

    @Override
    public void close() throws IOException {
        this.delegate.close();
    }

}

package dev.kafkapool.sample.security;

import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jwt.JWTParser;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Spring Boot's decoder, with an unreachable issuer reported as a token that cannot be checked, at
 * once for all but one request.
 * <p>With {@code issuer-uri} the decoder is built from the issuer's OpenID configuration on the first
 * token; while that cannot be read it throws {@link JwtDecoderInitializationException}, which is no
 * authentication failure and escaped the filter chain as a 500 for every request with a token. It
 * becomes a {@link JwtException} here, which Spring Security turns into an authentication service
 * failure ({@link ProblemAuthenticationHandlers}: 503). A token that is not a JWT at all is a bad
 * token (401) whether or not the issuer can be reached.
 * <p>Spring builds that decoder under a lock, each waiting request trying the issuer again in turn:
 * against an issuer that takes connections and never answers, every request thread queued behind
 * one read timeout after another, and the API answered nothing at all, a request without a token
 * included. Until the decoder is built, one request at a time reads the configuration; others wait
 * at most {@link #BUILD_WAIT} for it, and for {@link #AFTER_FAILURE} after a failed read none tries,
 * all are refused at once.
 */
final class IssuerOutageJwtDecoder implements JwtDecoder {

    /** How long a request waits for another's read of the issuer's configuration. */
    static final Duration BUILD_WAIT = Duration.ofSeconds(1);

    /** How long after a failed read no request reads again: the {@code Retry-After} of the 503. */
    static final Duration AFTER_FAILURE = Duration.ofSeconds(ProblemAuthenticationHandlers.ISSUER_RETRY_AFTER_SECONDS);

    private final JwtDecoder delegate;

    private final ReentrantLock building = new ReentrantLock();

    /** Whether the delegate has decoded (or refused) a token: built, it needs no gate. */
    private volatile boolean built;

    /** {@link System#nanoTime()} of the last failed read, and why it failed; {@code null}: none. */
    private volatile Failure lastFailure;

    private record Failure(long nanos, String reason) {
    }

    IssuerOutageJwtDecoder(JwtDecoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public Jwt decode(String token) {
        if (this.built) {
            return decodeOrExplain(token);
        }
        Failure failure = this.lastFailure;
        if (failure != null && System.nanoTime() - failure.nanos() < AFTER_FAILURE.toNanos()) {
            throw unavailable(token, failure.reason());
        }
        boolean locked;
        try {
            locked = this.building.tryLock(BUILD_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw unavailable(token, "interrupted while another request read it");
        }
        if (!locked) {
            throw unavailable(token, "another request has been reading it for over " + BUILD_WAIT.toSeconds() + " s");
        }
        try {
            failure = this.lastFailure;
            if (!this.built && failure != null && System.nanoTime() - failure.nanos() < AFTER_FAILURE.toNanos()) {
                throw unavailable(token, failure.reason());
            }
            return decodeOrExplain(token);
        }
        finally {
            this.building.unlock();
        }
    }

    private Jwt decodeOrExplain(String token) {
        try {
            Jwt jwt = this.delegate.decode(token);
            this.built = true;
            return jwt;
        }
        catch (JwtDecoderInitializationException ex) {
            String reason = causes(ex);
            this.lastFailure = new Failure(System.nanoTime(), reason);
            throw unavailable(token, reason);
        }
        catch (JwtException ex) {
            // the decoder was built and refused this token, or could not fetch the keys: no gate any more
            this.built = true;
            throw ex;
        }
    }

    /**
     * The messages of {@code failure}'s causes, each once, outermost first: the log must say why the issuer could not
     * be read (g62e: an untrusted certificate's "PKIX path building failed" was two causes down, and the log said the
     * issuer could not be reached).
     */
    static String causes(Throwable failure) {
        java.util.List<String> messages = new java.util.ArrayList<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !message.isBlank() && messages.stream().noneMatch((known) -> known.contains(message))) {
                messages.add(message);
            }
        }
        return messages.isEmpty() ? failure.getClass().getSimpleName() : String.join(": ", messages);
    }

    /** A 503 for a JWT, a 401 for a token that is none (parsed only on this path: the delegate parses every token). */
    private static JwtException unavailable(String token, String reason) {
        try {
            JWTParser.parse(token);
        }
        catch (ParseException notJwt) {
            return new BadJwtException("The token is not a JWT: " + notJwt.getMessage(), notJwt);
        }
        return new JwtException("The token issuer's configuration or keys cannot be read: " + reason);
    }

}

package dev.kafkapool.sample.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the request bodies the API reads and parses at once ({@code sample.http.max-body-bytes-in-flight}):
 * a request whose body does not fit beside the ones being read is answered 429 with
 * {@code Retry-After} before a byte of it is read. The publisher's queue bounds what requests leave
 * behind; this bounds what they hold while they are parsed (the raw body, its strings, the records
 * built from it: about four times the body), which many concurrent large bodies would otherwise
 * grow without limit until the heap runs out. A body is counted by its {@code Content-Length}, or
 * as {@code max-body-size} when it has none (chunked); it is given back when the request's first
 * dispatch ends (the records are then in the queue, which counts them).
 */
final class BodiesInFlightFilter extends OncePerRequestFilter implements Ordered {

    /** After Spring Security's filters (-100): a request refused there never takes room. */
    static final int ORDER = 0;

    private final BodiesInFlight bodies;

    private final SampleHttpProperties properties;

    BodiesInFlightFilter(SampleHttpProperties properties) {
        this.properties = properties;
        this.bodies = new BodiesInFlight(properties.getMaxBodyBytesInFlight().toBytes());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long size = bodySize(request);
        if (size == 0) {
            chain.doFilter(request, response);
            return;
        }
        if (!this.bodies.tryTake(size)) {
            long seconds = Math.max(1, (this.properties.getRetryAfter().toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            FilterProblems.write(response, HttpStatus.TOO_MANY_REQUESTS, "The server is reading as many request "
                    + "bodies as it takes at once (sample.http.max-body-bytes-in-flight, " + this.bodies.limit()
                    + " bytes); nothing was read or published. Retry after " + seconds + " s.",
                    ",\"reason\":\"BODIES_IN_FLIGHT\"");
            return;
        }
        try {
            chain.doFilter(request, response);
        }
        finally {
            this.bodies.giveBack(size);
        }
    }

    /**
     * Bytes the request's body is counted as: its {@code Content-Length}; {@code max-body-size}
     * without one (chunked); none on a path outside the API, or one whose declared length is over
     * {@code max-body-size} (refused 413 before it is read).
     */
    private long bodySize(HttpServletRequest request) {
        if (!ApiPaths.isApi(request)) {
            return 0;
        }
        long max = this.properties.getMaxBodySize().toBytes();
        long declared = request.getContentLengthLong();
        if (declared >= 0) {
            return (declared > max) ? 0 : declared;
        }
        return (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) ? max : 0;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}

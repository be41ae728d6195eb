package dev.kafkapool.sample.web;

import java.io.IOException;
import java.io.InputStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the request bodies the API reads and parses at once ({@code sample.http.max-body-bytes-in-flight}):
 * a request whose body does not fit beside the ones being read waits up to 5 s for room, and
 * is then answered 429 with {@code Retry-After} (its body read and dropped, not parsed). The publisher's queue bounds what requests leave
 * behind; this bounds what they hold while they are parsed (the raw body, its strings, the records
 * built from it: about four times the body), which many concurrent large bodies would otherwise
 * grow without limit until the heap runs out. A body is counted by its {@code Content-Length}, or
 * as {@code max-body-size} when it has none (chunked); it is given back when the request's first
 * dispatch ends (the records are then in the queue, which counts them). A body whose {@code Content-Length} is
 * over {@code max-body-size} is answered 413 here, unread, with {@code Connection: close}.
 */
final class BodiesInFlightFilter extends OncePerRequestFilter implements Ordered {

    /** After Spring Security's filters (-100): a request refused there never takes room. */
    static final int ORDER = 0;

    private final BodiesInFlight bodies;

    /** The counter of requests refused for bodies in flight (Prometheus {@code sample_http_bodies_refused_total}). */
    static final String REFUSED_METER = "sample.http.bodies.refused";

    private final SampleHttpProperties properties;

    private final Counter refused;

    BodiesInFlightFilter(SampleHttpProperties properties, MeterRegistry registry) {
        this.properties = properties;
        this.bodies = new BodiesInFlight(limit(properties, Runtime.getRuntime().maxMemory()));
        // requests, not records: a refused body is never parsed, so its records are not known. No base
        // unit: Prometheus would put it into the name (sample_http_bodies_refused_requests_total)
        this.refused = (registry != null) ? Counter.builder(REFUSED_METER)
            .description("Requests answered 429 BODIES_IN_FLIGHT: their bodies did not fit beside the ones being "
                    + "read (sample.http.max-body-bytes-in-flight); never parsed, so not in kafka.publisher.rejected")
            .register(registry) : null;
    }

    /** The bound: as set, or a sixteenth of the heap's maximum (16 MB at -Xmx256m), and never below one whole body. */
    static long limit(SampleHttpProperties properties, long maxHeap) {
        long maxBody = properties.getMaxBodySize().toBytes();
        DataSize set = properties.getMaxBodyBytesInFlight();
        return (set != null) ? set.toBytes() : Math.max(maxBody, maxHeap / 16);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long max = this.properties.getMaxBodySize().toBytes();
        if (ApiPaths.isApi(request) && request.getContentLengthLong() > max) {
            // refused here, before a byte is read: Spring MVC reads a body's first byte before any advice sees it,
            // so a client that declared 6 MB and sent nothing held a request thread until Tomcat's timeout (408)
            response.setHeader(HttpHeaders.CONNECTION, "close");
            FilterProblems.write(request, response, HttpStatus.CONTENT_TOO_LARGE,
                    BodySizeLimitAdvice.tooLarge(max).getBody().getDetail());
            response.flushBuffer();
            return;
        }
        long size = bodySize(request);
        if (size == 0) {
            chain.doFilter(request, response);
            return;
        }
        boolean taken;
        try {
            taken = this.bodies.take(size, BodiesInFlight.WAIT_NANOS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            taken = false;
        }
        if (!taken) {
            if (this.refused != null) {
                this.refused.increment();
            }
            discardBody(request, size);
            long seconds = RetryAfter.configuredSeconds(this.properties.getRetryAfter());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            FilterProblems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "The server is reading as many request "
                    + "bodies as it takes at once (sample.http.max-body-bytes-in-flight, " + this.bodies.limit()
                    + " bytes); nothing was parsed or published. Retry after " + seconds + " s.",
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
     * Reads what the client sends of a refused body, without keeping it, up to {@code size} bytes: a
     * client that sends its whole body before it reads the answer (most do) then gets the 429 on a
     * connection that stays open; cut off unread, it would see the connection reset instead.
     */
    private static void discardBody(HttpServletRequest request, long size) {
        byte[] sink = new byte[8192];
        long left = size;
        try (InputStream body = request.getInputStream()) {
            int read;
            while (left > 0 && (read = body.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
                left -= read;
            }
        }
        catch (IOException ex) {
            // the client went away: nothing to answer
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

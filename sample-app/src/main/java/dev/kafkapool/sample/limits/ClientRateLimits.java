package dev.kafkapool.sample.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.kafkapool.publisher.PublishRejectedException;
import dev.kafkapool.publisher.RateBucket;
import dev.kafkapool.sample.web.RequestTooLargeException;

/**
 * A {@link RateBucket} per client of the API: the token's subject with security on, else the
 * remote address (behind a proxy, Spring's {@code server.forward-headers-strategy} decides which
 * one that is). Idle clients' buckets are dropped when there are many, so the map stays bounded by
 * twice the clients active within a burst's time.
 */
@Component
public final class ClientRateLimits {

    /**
     * Buckets kept before full (idle) ones are first dropped; after a sweep the next comes once the map has
     * doubled from what it kept, so up to twice the most clients active at once stay in memory.
     */
    static final int MAX_IDLE_CLIENTS = 10_000;

    private final double recordsPerSecond;

    private final long burst;

    private final Map<String, RateBucket> buckets = new ConcurrentHashMap<>();

    private final ClientRefusalCounters refusals;

    /** The number of buckets at which idle ones are dropped next; changed under this object's lock. */
    private volatile int sweepAt = MAX_IDLE_CLIENTS;

    /** Guarded by this object's lock. */
    private int sweeps;

    ClientRateLimits(ClientLimitsProperties properties, ClientRefusalCounters refusals) {
        this.refusals = refusals;
        this.recordsPerSecond = properties.getRecordsPerSecond();
        this.burst = (properties.getBurst() > 0) ? properties.getBurst()
                : Math.max(1, (long) Math.ceil(properties.getRecordsPerSecond()));
    }

    /**
     * Takes {@code records} for {@code topic} from the current client's rate and then runs {@code publish}; gives
     * them back when the pool refuses the records ({@link PublishRejectedException}: nothing was
     * queued), so that a client honouring a topic's {@code Retry-After} is not then refused for
     * records it never published.
     * @throws ClientRateLimitedException when it has no room now
     * @throws RequestTooLargeException when they are more than its burst ever allows
     */
    public <T> T publishWithin(String topic, int records, Supplier<T> publish) {
        RateBucket bucket = take(topic, records);
        try {
            return publish.get();
        }
        catch (PublishRejectedException ex) {
            if (bucket != null) {
                bucket.giveBack(records);
            }
            throw ex;
        }
    }

    /** The client's bucket, {@code records} taken from it; {@code null} when clients have no limit. */
    private RateBucket take(String topic, int records) {
        if (this.recordsPerSecond <= 0) {
            return null;
        }
        if (records > this.burst) {
            this.refusals.tooLarge(topic, records);
            RequestTooLargeException tooLarge = new RequestTooLargeException(records + " records in one request; a "
                    + "client may publish at most " + this.burst + " at once (SAMPLE_CLIENT_LIMITS_BURST)");
            tooLarge.getBody().setProperty("reason", PublishRejectedException.Reason.TOO_LARGE.name());
            throw tooLarge;
        }
        String client = client();
        RateBucket bucket = this.buckets.get(client);
        if (bucket == null) {
            if (this.buckets.size() >= this.sweepAt) {
                dropIdleClients();
            }
            bucket = this.buckets.computeIfAbsent(client, (key) -> new RateBucket(this.recordsPerSecond, this.burst));
        }
        long wait = bucket.tryTake(records);
        if (wait > 0) {
            this.refusals.refused(topic, records);
            throw new ClientRateLimitedException(client, Duration.ofNanos(wait));
        }
        return bucket;
    }

    /**
     * Drops the buckets of idle clients (full ones). The next sweep waits until the map has doubled from
     * what this one kept: a flood of new clients that all stay active (one address each, from a large
     * IPv6 range, say) costs a sweep per doubling, not a scan of every bucket on every request.
     */
    private synchronized void dropIdleClients() {
        if (this.buckets.size() < this.sweepAt) {
            return;
        }
        this.buckets.values().removeIf(RateBucket::isFull);
        this.sweepAt = Math.max(MAX_IDLE_CLIENTS, 2 * this.buckets.size());
        this.sweeps++;
    }

    /** Clients with a bucket now. */
    int clients() {
        return this.buckets.size();
    }

    /** How often idle clients were looked for. */
    synchronized int sweeps() {
        return this.sweeps;
    }

    private static String client() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            // tokens without a subject share one bucket
            String subject = token.getName();
            return (subject == null || subject.isBlank()) ? "tokens without a subject" : "subject " + subject;
        }
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
            .getRequest();
        return "address " + addressBucket(request.getRemoteAddr());
    }

    /**
     * The bucket name of a remote address: an IPv4 address as it is, an IPv6 address by its /64, the
     * range one subscriber or host usually holds whole, so that a client cannot get a new bucket per
     * request by choosing a new address within it.
     */
    static String addressBucket(String address) {
        if (address == null || address.indexOf(':') < 0 || !isIpLiteral(address)) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                // an IPv4 address written as IPv6 (::ffff:a.b.c.d)
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            byte[] prefix = new byte[16];
            System.arraycopy(bytes, 0, prefix, 0, 8);
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        }
        catch (UnknownHostException ex) {
            return address;
        }
    }

    /** Only the characters of an IPv6 literal (then any zone), so that the parsing never asks DNS. */
    private static boolean isIpLiteral(String address) {
        int zone = address.indexOf('%');
        int end = (zone < 0) ? address.length() : zone;
        for (int i = 0; i < end; i++) {
            char c = address.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.') {
                return false;
            }
        }
        return end > 0;
    }

}

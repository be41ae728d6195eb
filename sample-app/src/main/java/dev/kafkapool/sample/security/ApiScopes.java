package dev.kafkapool.sample.security;

import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The scopes of the API. A token publishes to topic {@code t} with {@code kafka:publish:t}, or to
 * every allowed topic with {@code kafka:publish:*}; it places orders with {@code orders:write}.
 * Spring Security reads a token's {@code scope} (or {@code scp}) claim as {@code SCOPE_} authorities.
 */
public final class ApiScopes {

    /** Scope prefix of publishing to a topic: {@code kafka:publish:orders}. */
    public static final String PUBLISH_PREFIX = "kafka:publish:";

    /** Scope of publishing to every topic the app allows (KAFKA_TOPICS still applies). */
    public static final String PUBLISH_ANY = PUBLISH_PREFIX + "*";

    /** Scope of {@code /api/v1/orders}. */
    public static final String ORDERS = "orders:write";

    private static final String AUTHORITY_PREFIX = "SCOPE_";

    /** Every path of the API: the only ones a token is read and checked on. */
    static final RequestMatcher API = PathPatternRequestMatcher.withDefaults().matcher("/api/**");

    /** The publishing endpoints, the topic as their {@code topic} variable: they need its publish scope. */
    static final List<PathPatternRequestMatcher> PUBLISH = Stream
        .of("/api/v1/topics/{topic}/records", "/api/v1/baseline/topics/{topic}/records")
        .map((path) -> PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path))
        .toList();

    /** The orders API: it needs {@link #ORDERS}. */
    static final RequestMatcher ORDERS_API = new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/api/v1/orders"),
            PathPatternRequestMatcher.withDefaults().matcher("/api/v1/orders/**"));

    private ApiScopes() {
    }

    /** The authority a scope becomes. */
    static String authority(String scope) {
        return AUTHORITY_PREFIX + scope;
    }

    /** Whether {@code authorities} may publish to {@code topic}. */
    static boolean mayPublish(Collection<? extends GrantedAuthority> authorities, String topic) {
        String exact = authority(PUBLISH_PREFIX + topic);
        String any = authority(PUBLISH_ANY);
        for (GrantedAuthority authority : authorities) {
            String name = authority.getAuthority();
            if (exact.equals(name) || any.equals(name)) {
                return true;
            }
        }
        return false;
    }

}

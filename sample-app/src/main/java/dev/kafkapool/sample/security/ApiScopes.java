package dev.kafkapool.sample.security;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;

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

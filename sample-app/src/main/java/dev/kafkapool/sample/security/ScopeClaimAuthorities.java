package dev.kafkapool.sample.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A token's scopes as {@code SCOPE_} authorities, read as Spring Security reads them ({@code scope}, else
 * {@code scp}; a space-separated string or a list), except that an entry of a list that is no string (a
 * number, an object, a nested list) grants nothing: Spring Security's own converter cast each entry and
 * answered a signed token holding one with a 500 and a stack trace in the log.
 */
final class ScopeClaimAuthorities implements Converter<Jwt, Collection<GrantedAuthority>> {

    private static final List<String> CLAIMS = List.of("scope", "scp");

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        for (String claim : CLAIMS) {
            if (jwt.hasClaim(claim)) {
                return authorities(jwt.getClaims().get(claim));
            }
        }
        return List.of();
    }

    private static Collection<GrantedAuthority> authorities(Object value) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (value instanceof String text) {
            // space-delimited (RFC 6749, and Spring Security's default delimiter): a tab is part of a scope
            for (String scope : text.split(" ")) {
                add(authorities, scope);
            }
        }
        else if (value instanceof Collection<?> scopes) {
            for (Object scope : scopes) {
                if (scope instanceof String text) {
                    add(authorities, text);
                }
            }
        }
        return authorities;
    }

    private static void add(List<GrantedAuthority> authorities, String scope) {
        if (!scope.isEmpty()) {
            authorities.add(new SimpleGrantedAuthority(ApiScopes.authority(scope)));
        }
    }

}

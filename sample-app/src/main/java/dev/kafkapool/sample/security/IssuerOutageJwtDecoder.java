package dev.kafkapool.sample.security;

import java.text.ParseException;

import com.nimbusds.jwt.JWTParser;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Spring Boot's decoder, with an unreachable issuer reported as a token that cannot be checked.
 * With {@code issuer-uri} the decoder is built from the issuer's OpenID configuration on the first
 * token; while that cannot be read it throws {@link JwtDecoderInitializationException}, which is no
 * authentication failure and escaped the filter chain as a 500 for every request with a token. It
 * becomes a {@link JwtException} here, which Spring Security turns into an authentication service
 * failure ({@link ProblemAuthenticationHandlers}: 503). A token that is not a JWT at all is a bad
 * token (401) whether or not the issuer can be reached.
 */
final class IssuerOutageJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;

    IssuerOutageJwtDecoder(JwtDecoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public Jwt decode(String token) {
        try {
            return this.delegate.decode(token);
        }
        catch (JwtDecoderInitializationException ex) {
            // parsed here only on this path: the delegate parses every token itself
            try {
                JWTParser.parse(token);
            }
            catch (ParseException notJwt) {
                throw new BadJwtException("The token is not a JWT: " + notJwt.getMessage(), notJwt);
            }
            throw new JwtException("The token issuer's configuration cannot be read: "
                    + ((ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage()), ex);
        }
    }

}

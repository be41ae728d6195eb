package dev.kafkapool.sample.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.util.StringUtils;

import tools.jackson.databind.json.JsonMapper;

import dev.kafkapool.sample.web.ManagementServletContexts;

/**
 * The API's one security filter chain, with {@code sample.security.enabled=true}; with it off (the
 * demo's default) Spring Security is left out of the app altogether ({@link SpringSecurityExclusion}).
 * Stateless: no session, no cookie, no CSRF token, no login form, no generated password.
 *
 * <p>{@code /api/**} needs a JWT bearer token checked by Spring Boot's OAuth2 resource
 * server: {@code POST /api/v1/topics/{topic}/records} (and the KafkaTemplate baseline's
 * {@code /api/v1/baseline/topics/{topic}/records}) the scope {@code kafka:publish:<topic>} or
 * {@code kafka:publish:*}, {@code /api/v1/orders} the scope {@code orders:write}, the rest of
 * {@code /api/**} any valid token. The OpenAPI document, Swagger UI and error pages stay open, and
 * so does the actuator, which is served on the management port only (keep that port inside the
 * cluster).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnApiSecurityCondition.class)
class ApiSecurityConfiguration {

    static final String ISSUER_URI = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI";

    static final String JWK_SET_URI = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI";

    static final String PUBLIC_KEY_LOCATION = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION";

    /**
     * Checks the {@code iss} claim against {@code sample.security.expected-issuer}; Spring Boot adds
     * every such validator to the decoder it builds.
     */
    @Bean
    @ConditionalOnProperty("sample.security.expected-issuer")
    OAuth2TokenValidator<Jwt> expectedIssuerValidator(ApiSecurityProperties properties) {
        String issuer = properties.getExpectedIssuer();
        if (!StringUtils.hasText(issuer)) {
            // set but empty (an env file's blank value): not checked, as the startup WARN says; an issuer of "" refused
            // every token while the WARN said any issuer was accepted
            return (token) -> OAuth2TokenValidatorResult.success();
        }
        return new JwtIssuerValidator(issuer);
    }

    /**
     * Requires the {@code exp} claim: Spring Security checks it only when a token has one, so a
     * token minted without it would be accepted for ever. Spring Boot adds every such validator to
     * the decoder it builds.
     */
    @Bean
    OAuth2TokenValidator<Jwt> expiryRequiredValidator() {
        return new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
    }

    /**
     * Takes the token types of an access token: {@code JWT}, the {@code at+jwt} of RFC 9068's JWT access tokens (as
     * some identity providers type theirs), or none; another type (an ID token typed as such, a logout token) is a 401.
     * Spring Boot's decoder puts it in place of Spring Security's default, which takes {@code JWT} only.
     */
    @Bean
    OAuth2TokenValidator<Jwt> accessTokenTypeValidator() {
        JwtTypeValidator types = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
        types.setAllowEmpty(true);
        return types;
    }

    /**
     * Fetches of the issuer's configuration and key set: within {@link #KEY_FETCH_CONNECT_TIMEOUT} and
     * {@link #KEY_FETCH_READ_TIMEOUT} (Spring's default client waits without limit, so an issuer that
     * takes connections and never answers held every request with a token, and then every request
     * thread: no 503, and no 401 for a request without a token), and for tokens of unknown keys at
     * most one every 10 s ({@link KeySetRefreshLimit}).
     */
    @Bean
    JwkSetUriJwtDecoderBuilderCustomizer keySetFetches() {
        return (builder) -> builder.restOperations(keyFetchClient()).jwtProcessorCustomizer(KeySetRefreshLimit::apply);
    }

    /** How long a fetch from the issuer may take to connect. */
    static final Duration KEY_FETCH_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** How long a fetch from the issuer may wait for its answer. */
    static final Duration KEY_FETCH_READ_TIMEOUT = Duration.ofSeconds(3);

    private static RestTemplate keyFetchClient() {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(KEY_FETCH_CONNECT_TIMEOUT);
        requests.setReadTimeout(KEY_FETCH_READ_TIMEOUT);
        return new RestTemplate(requests);
    }

    /** {@link QueryTokenFilter}, just before Spring Security's filters (whose order is -100). */
    @Bean
    FilterRegistrationBean<QueryTokenFilter> queryTokenFilter(JsonMapper jsonMapper) {
        FilterRegistrationBean<QueryTokenFilter> registration = new FilterRegistrationBean<>(
                new QueryTokenFilter(new ProblemAuthenticationHandlers(jsonMapper)));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    /**
     * The scopes the API accepts, for its protected-resource metadata: {@code kafka:publish:*}, one
     * {@code kafka:publish:<topic>} for each topic of {@code KAFKA_TOPICS} (a client can ask for no other; without an
     * allow-list any topic's is taken, which no list can name), and {@code orders:write}.
     */
    static List<String> supportedScopes(Environment environment) {
        List<String> scopes = new java.util.ArrayList<>();
        scopes.add(ApiScopes.PUBLISH_ANY);
        Binder.get(environment).bind("kafka.topics", Bindable.listOf(String.class)).orElse(List.of()).stream()
            .map(String::strip)
            .filter((topic) -> !topic.isEmpty())
            .distinct()
            .forEach((topic) -> scopes.add(ApiScopes.PUBLISH_PREFIX + topic));
        scopes.add(ApiScopes.ORDERS);
        return scopes;
    }

    @Bean
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder,
            ObjectProvider<JwtAuthenticationConverter> jwtConverter, JsonMapper jsonMapper, Environment environment,
            ResourceLoader resources) throws Exception {
        List<String> keySettings = Stream.of(ISSUER_URI, JWK_SET_URI, PUBLIC_KEY_LOCATION)
            .filter((name) -> StringUtils.hasText(environment.getProperty(propertyOf(name))))
            .toList();
        if (keySettings.size() > 1) {
            throw new ApiSecurityNotConfiguredException(keySettings);
        }
        if (keySettings.size() == 1 && !ISSUER_URI.equals(keySettings.get(0))
                && !StringUtils.hasText(environment.getProperty("sample.security.expected-issuer"))) {
            // an issuer URI makes Spring check iss; a key set or a public key alone checks only the signature
            LoggerFactory.getLogger(ApiSecurityConfiguration.class)
                .warn("API security checks tokens with {} and SAMPLE_SECURITY_EXPECTED_ISSUER is not set: a token "
                        + "signed by those keys is accepted whatever its issuer (iss claim), also one another realm or "
                        + "tenant of the same identity provider issued. Set SAMPLE_SECURITY_EXPECTED_ISSUER to your "
                        + "issuer's identifier", keySettings.get(0));
        }
        http.csrf(AbstractHttpConfigurer::disable)
            .formLogin(AbstractHttpConfigurer::disable)
            .httpBasic(AbstractHttpConfigurer::disable)
            .logout(AbstractHttpConfigurer::disable)
            .requestCache(AbstractHttpConfigurer::disable)
            .sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (keySettings.equals(List.of(PUBLIC_KEY_LOCATION))) {
            PublicKeyFile.check(environment.getProperty(propertyOf(PUBLIC_KEY_LOCATION)), resources);
        }
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder == null) {
            throw new ApiSecurityNotConfiguredException();
        }
        ProblemAuthenticationHandlers handlers = new ProblemAuthenticationHandlers(jsonMapper);
        return http
            .securityMatcher(onTheApisServer())
            .authorizeHttpRequests((requests) -> requests
                .requestMatchers(ApiScopes.PUBLISH.toArray(RequestMatcher[]::new))
                .access(publishScope())
                .requestMatchers(ApiScopes.ORDERS_API)
                .hasAuthority(ApiScopes.authority(ApiScopes.ORDERS))
                .requestMatchers(ApiScopes.API)
                .authenticated()
                .anyRequest()
                .permitAll())
            .oauth2ResourceServer((resourceServer) -> resourceServer
                .jwt((jwt) -> jwt.decoder(new IssuerOutageJwtDecoder(decoder))
                    .jwtAuthenticationConverter(jwtConverter.getIfAvailable(ApiSecurityConfiguration::scopes)))
                .bearerTokenResolver(new ApiBearerTokenResolver())
                .authenticationEntryPoint(handlers)
                .accessDeniedHandler(handlers)
                // RFC 9728 metadata, which Spring Security serves: it claimed certificate-bound
                // tokens, which this API does not check
                .protectedResourceMetadata((metadata) -> metadata.protectedResourceMetadataCustomizer(
                        (resource) -> resource.tlsClientCertificateBoundAccessTokens(false)
                            .scopes((scopes) -> scopes.addAll(supportedScopes(environment)))))
                .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                    @Override
                    public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                        // a token that cannot be checked (issuer down) is a 503, not a rethrown 500
                        filter.setAuthenticationFailureHandler(handlers);
                        return filter;
                    }
                }))
            .exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(handlers)
                .accessDeniedHandler(handlers))
            .build();
    }

    /**
     * A token's scopes as authorities, a scope list's entries that are no string granting nothing; unless the
     * application has a converter of its own, or Spring Boot made one from its
     * {@code spring.security.oauth2.resourceserver.jwt.authorities-claim-name} (and the like) settings, which is
     * then what Spring Security would have used.
     */
    private static JwtAuthenticationConverter scopes() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new ScopeClaimAuthorities());
        return converter;
    }

    /**
     * Every request but the actuator's on a port of its own, which is a server of its own that Spring Boot gives the
     * same filters (a token is not even read there). Fails closed: a request of a server not marked as the
     * actuator's is the API's.
     */
    static RequestMatcher onTheApisServer() {
        return (request) -> !ManagementServletContexts.isManagement(request.getServletContext());
    }

    /** {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} for {@link #ISSUER_URI}, and so on. */
    static String propertyOf(String variable) {
        return variable.toLowerCase(Locale.ROOT)
            .replace("spring_security_oauth2_resourceserver_jwt_", "spring.security.oauth2.resourceserver.jwt.")
            .replace('_', '-');
    }

    /** {@code kafka:publish:<topic>} or {@code kafka:publish:*}, the topic taken from the path. */
    private static AuthorizationManager<RequestAuthorizationContext> publishScope() {
        return (authentication, context) -> {
            Authentication current = authentication.get();
            String topic = context.getVariables().get("topic");
            return new AuthorizationDecision(current != null && current.isAuthenticated() && topic != null
                    && ApiScopes.mayPublish(current.getAuthorities(), topic));
        };
    }

}

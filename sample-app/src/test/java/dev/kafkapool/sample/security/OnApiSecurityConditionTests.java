package dev.kafkapool.sample.security;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One reading of {@code SAMPLE_SECURITY_ENABLED} everywhere: whether the API's chain is built, what
 * {@link ApiSecurityProperties} (and so {@link ApiSecurityGuard}) says, and whether
 * {@link SpringSecurityExclusion} leaves Spring Security out always agree, for every spelling Spring
 * binds — {@code 1} must not mean "on" to one and "off" to another.
 */
class OnApiSecurityConditionTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withUserConfiguration(ChainConfiguration.class);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "true, true", "TRUE, true", "1, true", "on, true", "yes, true", "false, false", "False, false",
            "0, false", "off, false", "no, false" })
    void theChainThePropertiesAndTheExclusionReadTheSettingAlike(String value, boolean on) {
        this.contextRunner.withPropertyValues(OnApiSecurityCondition.ENABLED + "=" + value).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.containsBean("chain")).isEqualTo(on);
            assertThat(context.getBean(ApiSecurityProperties.class).isEnabled()).isEqualTo(on);
        });
        assertThat(excludesSpringSecurity(value)).isEqualTo(!on);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "true, true", "1, true", "on, true", "YES, true", "false, false", "0, false", "off, false" })
    void theApisOwnChainIsBuiltForEverySpellingOfOn(String value, boolean on) {
        new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpringSecurityExclusion.AUTO_CONFIGURATIONS.stream()
                .filter((name) -> name.endsWith(".SecurityAutoConfiguration")
                        || name.endsWith(".ServletWebSecurityAutoConfiguration"))
                .map(OnApiSecurityConditionTests::load)
                .toArray(Class<?>[]::new)))
            .withUserConfiguration(ChainConfiguration.class, ApiSecurityConfiguration.class, TokenCheck.class)
            .withPropertyValues(OnApiSecurityCondition.ENABLED + "=" + value)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.containsBean("apiSecurityFilterChain")).isEqualTo(on);
            });
    }

    @Test
    void unsetIsOffForAllThree() {
        this.contextRunner.run((context) -> {
            assertThat(context.containsBean("chain")).isFalse();
            assertThat(context.getBean(ApiSecurityProperties.class).isEnabled()).isFalse();
        });
        assertThat(excludesSpringSecurity(null)).isTrue();
    }

    @Test
    void aValueThatIsNeitherStopsStartupRatherThanGuess() {
        this.contextRunner.withPropertyValues(OnApiSecurityCondition.ENABLED + "=maybe")
            .run((context) -> assertThat(context).hasFailed());
        assertThatExceptionOfType(BindException.class).isThrownBy(() -> excludesSpringSecurity("maybe"))
            .withMessageContaining(OnApiSecurityCondition.ENABLED);
    }

    private static boolean excludesSpringSecurity(String value) {
        StandardEnvironment environment = new StandardEnvironment();
        if (value != null) {
            environment.getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of(OnApiSecurityCondition.ENABLED, value)));
        }
        new SpringSecurityExclusion().postProcessEnvironment(environment, new SpringApplication());
        return environment.getPropertySources().contains(SpringSecurityExclusion.PROPERTY_SOURCE);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        }
        catch (ClassNotFoundException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** What the API's chain needs beside Spring Security: a way to check tokens, and the JSON mapper. */
    @Configuration(proxyBeanMethods = false)
    static class TokenCheck {

        @Bean
        JwtDecoder jwtDecoder() {
            return (token) -> {
                throw new BadJwtException("not used");
            };
        }

        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().build();
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ApiSecurityProperties.class)
    static class ChainConfiguration {

        @Bean
        @Conditional(OnApiSecurityCondition.class)
        String chain() {
            return "the API's chain would be built";
        }

    }

}

package dev.kafkapool.sample.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With API security off ({@code sample.security.enabled=false}, the default; read as
 * {@link OnApiSecurityCondition#isOn} reads it), leaves Spring Security
 * out of the app: its servlet auto-configurations are added to {@code spring.autoconfigure.exclude}
 * (after whatever is excluded already), so there is no filter chain to build at startup and none
 * to run per request (its jars stay on the class path, unused). With security on,
 * nothing is excluded and {@link ApiSecurityConfiguration} builds the API's chain.
 *
 * <p>A disagreement between this and {@link ApiSecurityConfiguration}'s condition fails closed:
 * its chain without these auto-configurations cannot be built, and these without its chain lock
 * every request behind Spring Boot's default login.
 */
public final class SpringSecurityExclusion implements EnvironmentPostProcessor {

    static final String EXCLUDE = "spring.autoconfigure.exclude";

    /** The property source this adds, first of all. */
    static final String PROPERTY_SOURCE = "sampleSecurityOff";

    /** Spring Boot's auto-configurations of Spring Security for a servlet app, its actuator and its resource server. */
    static final List<String> AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (OnApiSecurityCondition.isOn(environment)) {
            return;
        }
        Binder binder = Binder.get(environment);
        List<String> excluded = new ArrayList<>(binder.bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
        AUTO_CONFIGURATIONS.stream().filter((name) -> !excluded.contains(name)).forEach(excluded::add);
        environment.getPropertySources()
            .addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.of(EXCLUDE, String.join(",", excluded))));
    }

}

package dev.kafkapool.sample.security;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With API security off, Spring Security's servlet auto-configurations are excluded, beside the
 * exclusions already made; with it on, none.
 */
class SpringSecurityExclusionTests {

    private final StandardEnvironment environment = new StandardEnvironment();

    @Test
    void withSecurityOffByDefaultEverySpringSecurityAutoConfigurationIsExcluded() {
        apply();

        assertThat(excluded()).containsExactlyElementsOf(SpringSecurityExclusion.AUTO_CONFIGURATIONS);
    }

    @ParameterizedTest
    @ValueSource(strings = { "false", "FALSE", "0", "off" })
    void withSecurityTurnedOffExplicitlyTheyAreExcluded(String value) {
        variables(Map.of("SAMPLE_SECURITY_ENABLED", value));

        apply();

        assertThat(excluded()).containsAll(SpringSecurityExclusion.AUTO_CONFIGURATIONS);
    }

    @ParameterizedTest
    @ValueSource(strings = { "true", "TRUE", "1", "on", "yes" })
    void withSecurityOnNothingIsExcluded(String value) {
        variables(Map.of("SAMPLE_SECURITY_ENABLED", value));

        apply();

        assertThat(this.environment.getPropertySources().contains(SpringSecurityExclusion.PROPERTY_SOURCE)).isFalse();
        assertThat(excluded()).isEmpty();
    }

    @Test
    void exclusionsMadeBeforeAreKeptWhetherListedByCommasOrByIndex() {
        variables(Map.of("SPRING_AUTOCONFIGURE_EXCLUDE", "com.example.FromTheEnvironment"));
        this.environment.getPropertySources()
            .addLast(new MapPropertySource("application.yaml",
                    Map.of("spring.autoconfigure.exclude[0]", "com.example.FromTheFile",
                            "spring.autoconfigure.exclude[1]", SpringSecurityExclusion.AUTO_CONFIGURATIONS.get(0))));

        apply();

        // the environment's list wins over the file's, as Spring Boot binds it; each name once
        assertThat(excluded()).startsWith("com.example.FromTheEnvironment")
            .containsAll(SpringSecurityExclusion.AUTO_CONFIGURATIONS)
            .doesNotHaveDuplicates()
            .hasSize(1 + SpringSecurityExclusion.AUTO_CONFIGURATIONS.size());
    }

    @Test
    void anIndexedListOfExclusionsIsKept() {
        this.environment.getPropertySources()
            .addLast(new MapPropertySource("application.yaml", Map.of("spring.autoconfigure.exclude[0]",
                    "com.example.First", "spring.autoconfigure.exclude[1]", "com.example.Second")));

        apply();

        assertThat(excluded()).startsWith("com.example.First", "com.example.Second")
            .containsAll(SpringSecurityExclusion.AUTO_CONFIGURATIONS)
            .hasSize(2 + SpringSecurityExclusion.AUTO_CONFIGURATIONS.size());
    }

    @Test
    void theNamesAreEveryServletSecurityAutoConfigurationOnTheClassPath() {
        List<String> security = StreamSupport
            .stream(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).spliterator(), false)
            .filter((name) -> name.startsWith("org.springframework.boot.security."))
            .filter((name) -> !name.contains(".reactive.") && !name.contains("Reactive") && !name.contains(".rsocket."))
            .distinct()
            .toList();

        assertThat(security).containsExactlyInAnyOrderElementsOf(SpringSecurityExclusion.AUTO_CONFIGURATIONS);
    }

    private void variables(Map<String, Object> variables) {
        this.environment.getPropertySources()
            .addAfter(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME + "-test", variables));
    }

    private void apply() {
        new SpringSecurityExclusion().postProcessEnvironment(this.environment, new SpringApplication());
    }

    private List<String> excluded() {
        return Binder.get(this.environment)
            .bind(SpringSecurityExclusion.EXCLUDE, Bindable.listOf(String.class))
            .orElse(List.of());
    }

}

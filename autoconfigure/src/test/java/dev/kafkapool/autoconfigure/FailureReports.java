package dev.kafkapool.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

/** The failure report Spring Boot would print for a startup failure, for tests. */
public final class FailureReports {

    private FailureReports() {
    }

    /**
     * Analyzes {@code failure} with the analyzers registered in {@code spring.factories}, in their
     * order, skipping Spring Boot's own that need a bean factory to be created; those that take the
     * context's environment get one without settings.
     * @param failure a context's startup failure
     * @return the first analysis
     * @throws AssertionError when no analyzer explains the failure
     */
    public static FailureAnalysis analyze(Throwable failure) {
        return analyze(failure, Map.of());
    }

    /**
     * As {@link #analyze(Throwable)}, for a context that ran with {@code variables} as its
     * environment variables: the analyzers that take the context's {@link Environment} get one
     * with them.
     */
    public static FailureAnalysis analyze(Throwable failure, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources()
            .replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(variables)));
        return analyze(failure, environment);
    }

    /** As {@link #analyze(Throwable)}, the analyzers that take the context's {@link Environment} getting {@code environment}. */
    public static FailureAnalysis analyze(Throwable failure, Environment environment) {
        return SpringFactoriesLoader.forDefaultResourceLocation(FailureReports.class.getClassLoader())
            .load(FailureAnalyzer.class, ArgumentResolver.of(Environment.class, environment),
                    FailureHandler.handleMessage((message, ex) -> {
                    }))
            .stream()
            .map((analyzer) -> analyzer.analyze(failure))
            .filter(Objects::nonNull)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no analyzer explains " + failure));
    }

    /** The pool's own startup exception among the causes of a context's startup failure. */
    public static KafkaPoolStartupException startupFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KafkaPoolStartupException startup) {
                return startup;
            }
        }
        throw new AssertionError("no KafkaPoolStartupException in " + failure);
    }

}

package dev.kafkapool.sample.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.kafkapool.sample.web.TomcatProblemConfiguration.ProblemJsonErrorReportCustomizer;

/**
 * The same {@link ProblemJsonErrorReportValve} (and {@link MalformedParametersFilter}, {@link AcceptHeaderFilter}, and
 * the API's error problems by {@link ManagementErrorProblemFilter}) for the actuator's own Tomcat, when the actuator
 * runs on a port of its own ({@code management.server.port}, as the sample and its chart do): the
 * management port is a child context with a web server of its own, which the application's
 * customizers do not reach.
 *
 * <p>Spring Boot imports it into the management context from
 * {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports}.
 * It is deliberately not annotated ({@code @ManagementContextConfiguration} is a
 * {@code @Configuration}): the application's component scan would add it to the application's
 * context as well. Unannotated, it counts for any management context; on a shared port the
 * application's own {@link TomcatProblemConfiguration} has installed the same valve, and
 * installing it twice leaves one.
 */
@ConditionalOnClass(StandardHost.class)
final class ManagementTomcatProblemConfiguration {

    @Bean
    ProblemJsonErrorReportCustomizer managementProblemJsonErrorReportCustomizer() {
        return new ProblemJsonErrorReportCustomizer();
    }

    /** Only on a port of its own: on a shared port the application's filter serves the actuator too. */
    @Bean
    @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
    MalformedParametersFilter managementMalformedParametersFilter() {
        return new MalformedParametersFilter();
    }

    /** Only on a port of its own, like the parameters' filter. */
    @Bean
    @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
    AcceptHeaderFilter managementAcceptHeaderFilter() {
        return new AcceptHeaderFilter();
    }

    /** Only on a port of its own: on a shared port the application's {@link ProblemErrorController} answers errors. */
    @Bean
    @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
    ManagementErrorProblemFilter managementErrorProblemFilter(Environment environment) {
        return new ManagementErrorProblemFilter(environment.getProperty("spring.web.error.path", "/error"));
    }

    /** Marks the actuator's server as not the API's: the API's security does not run there. */
    @Bean
    @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
    ServletContextInitializer managementServletContextMarker() {
        return (servletContext) -> servletContext.setAttribute(ManagementServletContexts.ATTRIBUTE, Boolean.TRUE);
    }

}

package dev.kafkapool.sample.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Replaces Tomcat's HTML error report with {@link ProblemJsonErrorReportValve}, so that requests
 * Tomcat refuses on its own are {@code application/problem+json} too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(StandardHost.class)
class TomcatProblemConfiguration {

    @Bean
    ProblemJsonErrorReportCustomizer problemJsonErrorReportCustomizer() {
        return new ProblemJsonErrorReportCustomizer();
    }

    @Bean
    MalformedParametersFilter malformedParametersFilter() {
        return new MalformedParametersFilter();
    }

    @Bean
    AcceptHeaderFilter acceptHeaderFilter() {
        return new AcceptHeaderFilter();
    }

    @Bean
    ContentTypeHeaderFilter contentTypeHeaderFilter() {
        return new ContentTypeHeaderFilter();
    }

    @Bean
    BodiesInFlightFilter bodiesInFlightFilter(SampleHttpProperties properties, ObjectProvider<MeterRegistry> registry) {
        return new BodiesInFlightFilter(properties, registry.getIfAvailable());
    }

    /** Ordered last: Spring Boot's own Tomcat customizer installs the valve this one replaces. */
    static final class ProblemJsonErrorReportCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers((context) -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    // At start the host adds a valve of this class unless it finds one.
                    host.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemJsonErrorReportValve());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

    }

}

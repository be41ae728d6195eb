package dev.kafkapool.sample.web;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Has Tomcat answer {@code Expect: 100-continue} only once the app reads the body: by default it sent
 * {@code 100 Continue} as soon as the headers arrived, so a client without a token, or one declaring a body over
 * {@code sample.http.max-body-size}, uploaded its body before it got the 401 or 413 that needed none of it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Connector.class)
class ContinueOnReadConfiguration {

    @Bean
    TomcatConnectorCustomizer continueOnReadCustomizer() {
        return (connector) -> connector.setProperty("continueResponseTiming", "onRead");
    }

}

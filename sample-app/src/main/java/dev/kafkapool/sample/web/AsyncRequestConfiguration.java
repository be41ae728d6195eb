package dev.kafkapool.sample.web;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives asynchronous requests (those that wait for the broker) a servlet timeout a little longer
 * than {@code sample.http.wait-timeout}, so the API's own 504 answers first and the container's
 * default (30 s on Tomcat) never cuts a longer configured wait short.
 */
@Configuration(proxyBeanMethods = false)
class AsyncRequestConfiguration implements WebMvcConfigurer {

    private static final Duration MARGIN = Duration.ofSeconds(5);

    private final SampleHttpProperties properties;

    AsyncRequestConfiguration(SampleHttpProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
        configurer.setDefaultTimeout(this.properties.getWaitTimeout().plus(MARGIN).toMillis());
    }

}

package dev.kafkapool.sample.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Checks the paths of API requests before they reach a controller ({@link PathParametersInterceptor}). */
@Configuration(proxyBeanMethods = false)
class ApiPathConfiguration implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new PathParametersInterceptor()).addPathPatterns("/api/**");
    }

}

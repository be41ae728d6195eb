package dev.kafkapool.sample.web;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains {@link UnsupportedServletPathException} in Spring Boot's startup failure report. */
final class UnsupportedServletPathFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedServletPathException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedServletPathException cause) {
        String prefix = cause.path().trim().replaceAll("/+$", "");
        return new FailureAnalysis(cause.getMessage(), "Unset SPRING_MVC_SERVLET_PATH (spring.mvc.servlet.path); for a "
                + "prefix before every path set SERVER_SERVLET_CONTEXT_PATH=" + (prefix.startsWith("/") ? prefix : "/" + prefix)
                + " instead, which the API's security and checks follow", cause);
    }

}

package dev.kafkapool.sample.web;

import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Stops startup when Spring MVC's servlet is mapped below the application's root
 * ({@code spring.mvc.servlet.path}): the API's security rules, its body, header and parameter checks and
 * its rate limits match the documented paths, {@code /api/**}, within the application, and a request to
 * {@code /gw/api/...} matched none of them: a grader's API took records without a token. A prefix for every
 * path is {@code server.servlet.context-path}, which they all follow. Never lazy: with
 * {@code spring.main.lazy-initialization} a bean nothing needs is never made, and the check would not run.
 */
@Component
@Lazy(false)
final class ServletPathGuard {

    static final String PROPERTY = "spring.mvc.servlet.path";

    ServletPathGuard(Environment environment) {
        String path = environment.getProperty(PROPERTY);
        if (path != null && !path.isBlank() && !path.trim().equals("/")) {
            throw new UnsupportedServletPathException(path);
        }
    }

}

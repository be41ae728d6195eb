package dev.kafkapool.sample.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Answers the actuator's errors on its own port with the same problem detail as the API's
 * ({@link ProblemErrorController#problem}), where Spring Boot's management error endpoint would
 * write its plain JSON: a URL Spring Security's firewall refused ({@code //}, {@code %2e%2e},
 * {@code %25}), a {@code TRACE} Tomcat refused, and {@code GET /error} itself, which that endpoint
 * answered {@code 200 {"status":999}}. Errors that an endpoint answers itself are left to it.
 */
final class ManagementErrorProblemFilter extends OncePerRequestFilter implements Ordered {

    /** Before every other filter: an error dispatch is answered here, and nothing after it runs. */
    static final int ORDER = MalformedParametersFilter.ORDER - 1;

    private final String errorPath;

    /** {@code errorPath}: the error page's path within the management server's context. */
    ManagementErrorProblemFilter(String errorPath) {
        this.errorPath = errorPath;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR || isErrorPath(request)) {
            if (!response.isCommitted()) {
                response.resetBuffer();
                ProblemDetail problem = ProblemErrorController.problem(request, "the actuator");
                if (problem.getInstance() == null && request.getDispatcherType() != DispatcherType.ERROR) {
                    // the error path asked for itself, as the API's problem names it (Spring MVC fills that in there)
                    problem.setInstance(ProblemErrorController.instance(request.getRequestURI()));
                }
                FilterProblems.write(response, problem);
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /** As Spring MVC routes it: decoded, without {@code ;} parameters ({@code /%65rror;x=1} is the error path too). */
    private boolean isErrorPath(HttpServletRequest request) {
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        return path.equals(this.errorPath) || path.equals(this.errorPath + "/");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}

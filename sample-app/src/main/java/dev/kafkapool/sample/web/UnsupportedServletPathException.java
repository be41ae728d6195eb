package dev.kafkapool.sample.web;

/**
 * {@code spring.mvc.servlet.path} maps the API below the application's root, where its security and checks
 * would not apply; {@link UnsupportedServletPathFailureAnalyzer} says what to set instead.
 */
public final class UnsupportedServletPathException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String path;

    UnsupportedServletPathException(String path) {
        super(ServletPathGuard.PROPERTY + " (SPRING_MVC_SERVLET_PATH) is '" + path + "': the sample serves its API at "
                + "/api/** within the application, and its authentication, per-topic authorization, rate limits and "
                + "request checks apply to those paths only; under a servlet path they would not apply, so it does not "
                + "start");
        this.path = path;
    }

    /** The servlet path as it was set. */
    public String path() {
        return this.path;
    }

}

package dev.kafkapool.sample.web;

import jakarta.servlet.ServletContext;

/**
 * Tells the actuator's own server from the API's, when the actuator runs on a port of its own: the
 * management context marks its servlet context at its start ({@link ManagementTomcatProblemConfiguration}).
 * What is not marked counts as the API's, so a request of an unknown server (a test's mock, a
 * container that wraps the context) gets the API's security rather than none.
 */
public final class ManagementServletContexts {

    /** The attribute the management context sets on its servlet context. */
    public static final String ATTRIBUTE = ManagementServletContexts.class.getName() + ".management";

    private ManagementServletContexts() {
    }

    /** Whether {@code context} is the actuator's own server's. */
    public static boolean isManagement(ServletContext context) {
        return context != null && Boolean.TRUE.equals(context.getAttribute(ATTRIBUTE));
    }

}

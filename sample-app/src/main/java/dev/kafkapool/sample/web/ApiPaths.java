package dev.kafkapool.sample.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UrlPathHelper;

/** Which requests are the API's: by their decoded path, as the controllers are matched ({@code /%61pi/} is {@code /api/}). */
final class ApiPaths {

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private ApiPaths() {
    }

    static boolean isApi(HttpServletRequest request) {
        return PATHS.getPathWithinApplication(request).startsWith("/api/");
    }

}

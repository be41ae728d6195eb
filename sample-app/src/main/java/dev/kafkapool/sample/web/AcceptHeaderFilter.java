package dev.kafkapool.sample.web;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers what Spring MVC's content negotiation leaves without a problem body: an {@code Accept}
 * header that is no list of media types (a 406 with no body before), and, on the API, one that
 * refuses JSON outright with {@code q=0} (served JSON before). Other {@code Accept} headers are
 * left to the controllers, whose 406 is already a problem.
 */
public final class AcceptHeaderFilter extends OncePerRequestFilter implements Ordered {

    /** Right after {@link MalformedParametersFilter}, before Spring Security's filters. */
    public static final int ORDER = MalformedParametersFilter.ORDER + 1;

    private static final List<MediaType> API_TYPES = List.of(MediaType.APPLICATION_JSON,
            MediaType.APPLICATION_PROBLEM_JSON);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        List<MediaType> ranges;
        try {
            ranges = MediaType.parseMediaTypes(accept);
        }
        catch (InvalidMediaTypeException ex) {
            FilterProblems.write(request, response, HttpStatus.BAD_REQUEST, "The Accept header is not a list of media types; send "
                    + "application/json, or leave it out. Nothing was published.");
            return;
        }
        if (ApiPaths.isApi(request) && refusesEvery(ranges)) {
            FilterProblems.write(request, response, HttpStatus.NOT_ACCEPTABLE, "The Accept header refuses application/json and "
                    + "application/problem+json (q=0), the only types this API answers in. Nothing was published.");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Whether, in a header with a {@code q=0} range, neither API type is acceptable: none of the
     * ranges includes it, or the most specific one that does has {@code q=0} (RFC 9110, section
     * 12.5.1). A header without {@code q=0} that names neither is the controllers' 406.
     */
    private static boolean refusesEvery(List<MediaType> ranges) {
        if (ranges.stream().noneMatch((range) -> range.getQualityValue() == 0)) {
            return false;
        }
        for (MediaType type : API_TYPES) {
            // the most specific ranges that include the type decide; of equally specific ones
            // (application/json;q=0 beside application/json;charset=utf-8), any that accepts it does
            int most = -1;
            double quality = 0;
            for (MediaType range : ranges) {
                if (range.includes(type)) {
                    int specificity = specificity(range);
                    if (specificity > most) {
                        most = specificity;
                        quality = range.getQualityValue();
                    }
                    else if (specificity == most) {
                        quality = Math.max(quality, range.getQualityValue());
                    }
                }
            }
            if (quality > 0) {
                return false;
            }
        }
        return true;
    }

    private static int specificity(MediaType range) {
        return range.isWildcardType() ? 0 : (range.isWildcardSubtype() ? 1 : 2);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}

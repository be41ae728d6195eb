package dev.kafkapool.sample.api;

/** What the OpenAPI document says of the headers the API's refusals carry. */
public final class ApiHeaders {

    /** {@code WWW-Authenticate} of a 401 or 403 with security on. */
    public static final String BEARER_CHALLENGE = "Bearer, with RFC 6750's error: invalid_token (401) or "
            + "insufficient_scope (403, with the scope needed), and its description";

    /** {@code Retry-After} of a 503 whose token could not be checked. */
    public static final String ISSUER_RETRY_AFTER = "With security on, when the token issuer's keys cannot be fetched: "
            + "seconds to wait before retrying";

    private ApiHeaders() {
    }

}

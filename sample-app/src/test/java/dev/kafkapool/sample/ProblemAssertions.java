package dev.kafkapool.sample;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on {@code application/problem+json} answers. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /**
     * Asserts that {@code response} is a problem detail with {@code status}, in body and status
     * line, and returns its JSON.
     */
    public static JsonNode assertProblem(ApiResponse response, int status) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.contentType()).as("media type of %s", response).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).as("status member of %s", response).isEqualTo(status);
        assertThat(problem.path("title").asString()).as("title of %s", response).isNotEmpty();
        assertThat(problem.path("detail").asString()).as("detail of %s", response).isNotEmpty();
        return problem;
    }

}

package dev.kafkapool.sample.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.sample.ApiClient;
import dev.kafkapool.sample.ApiResponse;

import static dev.kafkapool.sample.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API with security on ({@link AbstractSecuredApiTests}): 401 for no token, an expired one,
 * one of another issuer or wrongly signed; 403 without the scope; 202 with it (or the wildcard);
 * the orders scope; an open OpenAPI document and management port; the per-client rate.
 */
class SecuredApiTests extends AbstractSecuredApiTests {

    private static final String PATH = "/api/v1/topics/" + TOPIC + "/records";

    private static final String ONE_RECORD = "{\"records\":[{\"key\":\"k\",\"value\":{\"n\":1}}]}";

    @Test
    void withoutATokenPublishingIs401AsAProblemWithWwwAuthenticate() {
        ApiResponse answer = api().postJson(PATH, ONE_RECORD);

        JsonNode problem = assertProblem(answer, 401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
        assertThat(problem.path("detail").asString()).contains("bearer token");
    }

    @Test
    void aClientWithoutATokenThatExpectsContinueGets401WithoutBeingAskedForItsBody() throws Exception {
        // Tomcat sent 100 Continue as soon as the headers came, and the client uploaded a body that a 401 did not need
        try (java.net.Socket socket = new java.net.Socket("localhost", this.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                    + "\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] first = socket.getInputStream().readNBytes(12);
            assertThat(new String(first, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 401");
        }
    }

    @Test
    void anExpiredTokenIs401InvalidToken() {
        String expired = TestTokens.trusted().token("expired", "kafka:publish:" + TOPIC, TestTokens.ISSUER,
                Instant.now().minus(Duration.ofMinutes(5)));
        assertInvalidToken(publish(PATH, expired), "expired");
    }

    @Test
    void aTokenWithoutAnExpiryIs401InvalidToken() {
        assertInvalidToken(publish(PATH, TestTokens.trusted().tokenWithoutExpiry("forever", "kafka:publish:" + TOPIC)),
                "exp");
    }

    @Test
    void aTokenOfAnotherIssuerIs401InvalidToken() {
        String other = TestTokens.trusted().token("other-issuer", "kafka:publish:" + TOPIC,
                "https://someone-else.test", Instant.now().plus(Duration.ofMinutes(5)));
        assertInvalidToken(publish(PATH, other), "iss");
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401InvalidToken() {
        assertInvalidToken(publish(PATH, TestTokens.foreign().token("forger", "kafka:publish:" + TOPIC)), "");
    }

    @Test
    void aTokenWithoutTheTopicsScopeIs403InsufficientScopeButPublishesWhereItsScopeAllows() {
        String token = TestTokens.trusted().token("wrong-scope", "kafka:publish:" + OTHER_TOPIC + " orders:write");
        ApiResponse answer = publish(PATH, token);

        JsonNode problem = assertProblem(answer, 403);
        assertThat(answer.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
        // the topic asked for, not a placeholder "t"
        assertThat(problem.path("detail").asString())
            .contains("publishing to topic " + TOPIC + " needs kafka:publish:" + TOPIC + " (or kafka:publish:*)")
            .doesNotContain("orders:write");
        assertThat(publish("/api/v1/topics/" + OTHER_TOPIC + "/records", token).status()).isEqualTo(202);
    }

    @Test
    void aScopeListWithEntriesThatAreNoStringsGrantsItsStringsAndIsNever500() {
        // Spring Security's converter cast each entry: a signed token with a number among its scopes was a 500
        TestTokens tokens = TestTokens.trusted();
        assertThat(publish(PATH, tokens.tokenWithScopeClaim("mixed", "scope",
                java.util.Arrays.asList("kafka:publish:" + TOPIC, 5, null))).status()).isEqualTo(202);
        assertThat(publish(PATH, tokens.tokenWithScopeClaim("nested", "scp",
                List.of(List.of("kafka:publish:" + TOPIC), Map.of("a", 1)))).status()).isEqualTo(403);
        assertThat(publish(PATH, tokens.tokenWithScopeClaim("number", "scope", 7)).status()).isEqualTo(403);
        // space-delimited, as Spring Security reads it: a tab is part of the one scope "foo\tkafka:publish:..."
        assertThat(publish(PATH, tokens.tokenWithScopeClaim("tabbed", "scope", "foo\tkafka:publish:" + TOPIC)).status())
            .isEqualTo(403);
    }

    @Test
    void aPathParameterIsA400ProblemWithSecurityOnAsWell() {
        String token = TestTokens.trusted().token("path-parameter", "kafka:publish:" + TOPIC);
        JsonNode problem = assertProblem(publish("/api/v1/topics/" + TOPIC + ";x=1/records", token), 400);
        assertThat(problem.path("detail").asString()).isNotEmpty();
        // the request refused, not the error page that answered it
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/topics/" + TOPIC + ";x=1/records");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dem%C3%B6", "demo%20", "d%D0%B5mo", "x%E2%80%8By" })
    void anIllegalTopicNameIs400WhateverTheTokensTopicScopes(String topic) {
        // a client scoped to one topic got 403 "needs kafka:publish:t", a wildcard client 400: both are told the name
        for (String scope : new String[] { "kafka:publish:" + TOPIC, "kafka:publish:*" }) {
            String token = TestTokens.trusted().token("illegal-name-" + scope.length(), scope);
            ApiResponse answer = publish("/api/v1/topics/" + topic + "/records", token);

            JsonNode problem = assertProblem(answer, 400);
            assertThat(problem.path("detail").asString()).as(scope).contains("is not a legal Kafka topic name");
            assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/topics/" + topic + "/records");
        }
        assertThat(publish("/api/v1/topics/" + topic + "/records", null).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = { "JWT", "at+jwt", "application/at+jwt" })
    void anAccessTokenOfATypeRfc9068AllowsIsAccepted(String type) {
        String token = TestTokens.trusted().tokenOfType(type, "typed-" + type.length(), "kafka:publish:" + TOPIC);
        ApiResponse answer = publish(PATH, token);
        assertThat(answer.status()).as("%s", answer).isEqualTo(202);
    }

    @Test
    void aTokenOfAnotherTypeIs401InvalidToken() {
        // an ID token or a logout token of the same issuer is no access token
        assertInvalidToken(publish(PATH, TestTokens.trusted().tokenOfType("logout+jwt", "other-type",
                "kafka:publish:" + TOPIC)), "typ");
    }

    @Test
    void twoAuthorizationHeadersAreA400InvalidRequestWhicheverComesFirst() {
        String trusted = TestTokens.trusted().token("first-of-two", "kafka:publish:" + TOPIC);
        String forged = TestTokens.foreign().token("second-of-two", "kafka:publish:" + TOPIC);
        for (String[] tokens : new String[][] { { trusted, forged }, { forged, trusted }, { trusted, trusted } }) {
            ApiResponse answer = api().send(api().request(PATH)
                .header("Authorization", "Bearer " + tokens[0])
                .header("Authorization", "Bearer " + tokens[1])
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ONE_RECORD)));

            JsonNode problem = assertProblem(answer, 400);
            assertThat(answer.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
            assertThat(problem.path("detail").asString()).contains("more than one Authorization header");
        }
    }

    @Test
    void theTopicsScopeIsAcceptedAndTheRecordArrives() {
        String token = TestTokens.trusted().token("publisher", "kafka:publish:" + TOPIC);
        ApiResponse answer = api().send(api().request(PATH)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers
                .ofString("{\"records\":[{\"key\":\"scoped\",\"value\":{\"by\":\"scope\"}}]}")));

        assertThat(answer.status()).as("%s", answer).isEqualTo(202);
        List<ConsumerRecord<String, String>> records = cluster.consume(TOPIC, 1, Duration.ofSeconds(30));
        assertThat(records).anySatisfy((record) -> {
            assertThat(record.key()).isEqualTo("scoped");
            assertThat(record.value()).isEqualTo("{\"by\":\"scope\"}");
        });
    }

    @Test
    void theWildcardScopePublishesToAnyAllowedTopicButNotOrders() {
        String token = TestTokens.trusted().token("wildcard", "kafka:publish:*");

        assertThat(publish("/api/v1/topics/" + OTHER_TOPIC + "/records", token).status()).isEqualTo(202);
        assertThat(publish("/api/v1/topics/not-allowed/records", token).status()).isEqualTo(404);
        assertProblem(placeOrder(token), 403);
    }

    @Test
    void ordersNeedTheirOwnScope() {
        JsonNode problem = assertProblem(placeOrder(TestTokens.trusted().token("no-orders", "kafka:publish:orders")), 403);
        assertThat(problem.path("detail").asString()).contains("the orders API needs orders:write")
            .doesNotContain("publishing");
        ApiResponse placed = placeOrder(TestTokens.trusted().token("orders-client", "orders:write"));
        assertThat(placed.status()).as("%s", placed).isEqualTo(202);
        assertThat(placeOrder(null).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v3/api-docs", "/swagger-ui/index.html" })
    void theOpenApiDocumentAndSwaggerUiNeedNoToken(String path) {
        assertThat(api().get(path).status()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDeclaresTheBearerScheme() {
        JsonNode document = api().get("/v3/api-docs").json();

        JsonNode scheme = document.path("components").path("securitySchemes").path("bearer-jwt");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asString()).isEqualTo("JWT");
        assertThat(document.path("security").toString()).contains("bearer-jwt");
    }

    @Test
    void theManagementPortNeedsNoTokenAndThePublicPortHasNoActuator() {
        assertThat(new ApiClient(this.managementPort).get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(api().get("/actuator/health").status()).isIn(401, 404);
    }

    @Test
    void theManagementPortRunsNoneOfTheApisSecurity() {
        // the API's filter chain ran on the management port too: a 401 with the API's challenge for /api/**, and the
        // protected resource's metadata naming the management port as the resource
        ApiClient management = new ApiClient(this.managementPort);
        ApiResponse api = management.get("/api/v1/orders/x");
        assertThat(api.status()).as("%s", api).isEqualTo(404);
        assertThat(api.header("WWW-Authenticate")).isNull();
        assertThat(management.get("/.well-known/oauth-protected-resource").status()).isEqualTo(404);
        assertThat(api().get("/.well-known/oauth-protected-resource").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator//health", "/actuator/health/%2e%2e/info", "/actuator/health/%25" })
    void aPathTheFirewallRefusesIsA400ProblemOnTheManagementPortToo(String path) {
        // Spring Security's firewall refuses these on both ports; the management port answered Boot's plain JSON
        JsonNode problem = assertProblem(new ApiClient(this.managementPort).raw("GET", path, null, null), 400);
        assertThat(problem.path("path").asString()).isEqualTo(path);
        assertThat(problem.path("detail").asString()).contains("actuator");
    }

    @ParameterizedTest
    @ValueSource(strings = { "?a%00b=1", "?wait=false&x%0d=1", "?%01" })
    void aParameterNameTheFirewallRefusesWhenItIsReadIsA400Problem(String query) {
        // the firewall checks parameter names when they are read (the records mappings' params conditions): that was
        // a 500 with the stack trace at ERROR, past the security filter's own rejection handler
        String token = TestTokens.trusted().token("firewall-params", "kafka:publish:" + TOPIC);
        JsonNode problem = assertProblem(api().rawWithHeaders("POST", PATH + query, Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/json"), ONE_RECORD), 400);
        assertThat(problem.path("detail").asString()).contains("nothing was published");
        assertProblem(api().rawWithHeaders("GET", "/swagger-ui.html" + query, Map.of(), null), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/health?a%00=1", "/actuator/prometheus?x%0d=1", "/actuator/health/readiness?%7f" })
    void aParameterNameTheFirewallRefusesIsA400ProblemOnTheManagementPort(String target) {
        assertProblem(new ApiClient(this.managementPort).rawWithHeaders("GET", target, Map.of(), null), 400);
    }

    @Test
    void aHeaderValueTheFirewallRefusesWhenItIsReadIsA400Problem() {
        String token = TestTokens.trusted().token("firewall-header", "kafka:publish:" + TOPIC);
        assertProblem(api().rawWithHeaders("POST", PATH, Map.of("Authorization", "Bearer " + token, "Content-Type",
                "application/json", "Content-Encoding", "identity\u0085"), ONE_RECORD), 400);
        assertProblem(api().rawWithHeaders("GET", "/swagger-ui.html", Map.of("Content-Encoding", "\u0085"), null), 400);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aContentTypeTheFirewallRefusesIsA400AndNotLogged(CapturedOutput output) {
        // Spring MVC reads the Content-Type past the firewall; the 415's handler read it through the firewall, failed
        // with a stack trace quoting the value, and the answer was a bare 415
        String token = TestTokens.trusted().token("firewall-content-type", "kafka:publish:" + TOPIC);
        JsonNode problem = assertProblem(api().rawWithHeaders("POST", PATH, Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/json\u0085x-secret"), ONE_RECORD), 400);
        assertThat(problem.toString()).doesNotContain("x-secret");
        assertThat(output).doesNotContain("x-secret").doesNotContain("RequestRejectedException");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aFormBodyWithTextTheFirewallRefusesIsA4xxAndItsTextIsNeverLogged(CapturedOutput output) {
        // a form body's "names" are its text: the firewall's message quoted a sensitive record's value, logged at ERROR
        String token = TestTokens.trusted().token("firewall-form", "kafka:publish:" + TOPIC);
        String body = "{\"records\":[{\"value\":{\"ssn\":\"SECRET-000-00-0000\u0001\"},\"sensitive\":true}]}";
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Content-Type",
                "application/x-www-form-urlencoded");
        JsonNode problem = assertProblem(api().rawWithHeaders("POST", PATH, headers, body), 415);
        assertThat(problem.toString()).doesNotContain("SECRET");
        ApiResponse management = new ApiClient(this.managementPort).rawWithHeaders("POST", "/actuator/health?wait",
                headers, body);
        assertThat(management.status()).isBetween(400, 499);
        assertThat(management.body()).doesNotContain("SECRET");
        assertThat(output).doesNotContain("SECRET-000").doesNotContain("RequestRejectedException");
    }

    @Test
    void aTraceIsA405ProblemOnTheManagementPort() {
        assertProblem(new ApiClient(this.managementPort).raw("TRACE", "/actuator/health", null, null), 405);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/error", "/%65rror", "/error/" })
    void theManagementPortsErrorPathIsA404ProblemNotA200(String path) {
        // Boot's management error endpoint answered GET /error with 200 {"status":999,"error":"None"}, and /%65rror after
        // the first fix, which compared the path undecoded
        JsonNode problem = assertProblem(new ApiClient(this.managementPort).raw("GET", path, null, null), 404);
        assertThat(problem.path("instance").asString()).isEqualTo(path);
    }

    @Test
    void theManagementPortsEndpointsStillAnswerTheirOwnStatus() {
        ApiClient management = new ApiClient(this.managementPort);
        assertThat(management.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertProblem(management.raw("DELETE", "/actuator/health", null, null), 405);
        assertProblem(management.get("/actuator/nothing"), 404);
    }

    @Test
    void aTokenTheApiDoesNotAcceptIsNotReadWhereNoneIsNeeded() {
        // a scraper or probe sending its own token (a Kubernetes service account's) got 401 on the management port
        String foreign = TestTokens.foreign().token("system:serviceaccount:monitoring:prometheus", "");
        ApiClient management = new ApiClient(this.managementPort);
        for (String path : new String[] { "/actuator/health/readiness", "/actuator/prometheus" }) {
            ApiResponse answer = management.send(management.request(path).header("Authorization", "Bearer " + foreign).GET());
            assertThat(answer.status()).as("%s %s", path, answer).isEqualTo(200);
        }
        ApiResponse document = api().send(api().request("/v3/api-docs").header("Authorization", "Bearer " + foreign).GET());
        assertThat(document.status()).isEqualTo(200);
        assertInvalidToken(publish(PATH, foreign), "");
    }

    @Test
    void aTokenInTheQueryIsA400InvalidRequestBesideAHeaderToo() {
        String token = TestTokens.trusted().token("query-token", "kafka:publish:" + TOPIC);
        for (String query : new String[] { "?access_token=" + token, "?x=1&access_token=" + token,
                "?acc%65ss_token=" + token }) {
            ApiResponse answer = publish(PATH + query, token);

            JsonNode problem = assertProblem(answer, 400);
            assertThat(answer.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
            assertThat(problem.path("detail").asString()).contains("send it in the Authorization header");
        }
    }

    @Test
    void theProtectedResourceMetadataClaimsNoCertificateBoundTokensAndNamesTheScopes() {
        JsonNode metadata = api().get("/.well-known/oauth-protected-resource").json();

        assertThat(metadata.path("tls_client_certificate_bound_access_tokens").asBoolean(true)).isFalse();
        assertThat(metadata.path("scopes_supported").toString()).contains("kafka:publish:*", "orders:write")
            // each allow-listed topic's own scope, which it only named as a pattern in the README
            .contains("kafka:publish:" + TOPIC, "kafka:publish:" + OTHER_TOPIC);
    }

    @Test
    void recordsThePoolRefusesAreGivenBackToTheClientsRate() {
        String token = TestTokens.trusted().token("refused-client", "kafka:publish:*");
        String five = "{\"records\":[{\"value\":1},{\"value\":2},{\"value\":3},{\"value\":4},{\"value\":5}]}";
        for (int i = 0; i < 3; i++) {
            // a topic outside KAFKA_TOPICS: the pool refuses all five, nothing is queued
            JsonNode refused = assertProblem(publish("/api/v1/topics/not-on-the-list/records", token, five), 404);
            assertThat(refused.path("reason").asString()).isEqualTo("TOPIC_NOT_ALLOWED");
        }

        // fifteen records refused, a burst of five: the client's rate is untouched
        assertThat(publish(PATH, token, five).status()).isEqualTo(202);
    }

    @Test
    void clientRateRefusalsAreCountedWithThePoolsRefusalsByAllowListedTopic() {
        String token = TestTokens.trusted().token("counted-client", "kafka:publish:*");
        String five = "{\"records\":[{\"value\":1},{\"value\":2},{\"value\":3},{\"value\":4},{\"value\":5}]}";
        double before = clientRateRefusals(OTHER_TOPIC);
        assertThat(publish("/api/v1/topics/" + OTHER_TOPIC + "/records", token, five).status()).isEqualTo(202);

        assertProblem(publish("/api/v1/topics/" + OTHER_TOPIC + "/records", token, ONE_RECORD), 429);
        assertProblem(publish("/api/v1/topics/" + OTHER_TOPIC + "/records", token, ONE_RECORD), 429);

        assertThat(clientRateRefusals(OTHER_TOPIC) - before).as("records refused").isEqualTo(2.0);
        assertThat(clientRateRefusals("other")).as("the counter of topics off the list exists").isNotNegative();
    }

    /** {@code kafka_publisher_rejected_total{reason="client_rate_limited",topic=...}} from the management port. */
    private double clientRateRefusals(String topic) {
        String metrics = new ApiClient(this.managementPort).get("/actuator/prometheus").body();
        return metrics.lines()
            .filter((line) -> line.startsWith("kafka_publisher_rejected_total{")
                    && line.contains("reason=\"client_rate_limited\"") && line.contains("topic=\"" + topic + "\""))
            .mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no client_rate_limited counter for " + topic + " in\n" + metrics));
    }

    @Test
    void aClientOverItsRateIs429WithARetryAfterThatIsHonoured() throws InterruptedException {
        String token = TestTokens.trusted().token("busy-client", "kafka:publish:" + TOPIC);
        String five = "{\"records\":[{\"value\":1},{\"value\":2},{\"value\":3},{\"value\":4},{\"value\":5}]}";
        assertThat(publish(PATH, token, five).status()).isEqualTo(202);

        ApiResponse limited = publish(PATH, token, ONE_RECORD);
        JsonNode problem = assertProblem(limited, 429);
        assertThat(problem.path("reason").asString()).isEqualTo("CLIENT_RATE_LIMITED");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isEqualTo(1);
        assertThat(problem.path("retryAfterMillis").asLong()).isBetween(1L, 1000L);
        String other = TestTokens.trusted().token("calm-client", "kafka:publish:" + TOPIC);
        assertThat(publish(PATH, other, ONE_RECORD).status()).as("another client").isEqualTo(202);

        Thread.sleep(Duration.ofSeconds(retryAfter).toMillis());
        assertThat(publish(PATH, token, ONE_RECORD).status()).as("after Retry-After").isEqualTo(202);
    }

    private static void assertInvalidToken(ApiResponse answer, String detail) {
        JsonNode problem = assertProblem(answer, 401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
        assertThat(problem.path("detail").asString()).contains("not accepted").contains(detail);
    }

    private ApiResponse publish(String path, String token) {
        return publish(path, token, ONE_RECORD);
    }

    private ApiResponse publish(String path, String token, String body) {
        java.net.http.HttpRequest.Builder request = api().request(path)
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return api().send(request);
    }

    private ApiResponse placeOrder(String token) {
        return publish("/api/v1/orders", token, "{\"customerId\":\"c\",\"lines\":[{\"sku\":\"s\",\"quantity\":1}]}");
    }

}

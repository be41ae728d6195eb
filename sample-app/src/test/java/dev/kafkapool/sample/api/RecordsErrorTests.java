package dev.kafkapool.sample.api;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.sample.AbstractSharedBrokerTests;
import dev.kafkapool.sample.ApiResponse;

import static dev.kafkapool.sample.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a client can get {@code POST /api/v1/topics/{topic}/records} wrong is answered with
 * the right 4xx as {@code application/problem+json}, never a 500, and publishes nothing: all
 * these requests go to one topic, which must stay empty.
 */
class RecordsErrorTests extends AbstractSharedBrokerTests {

    private static final String PATH = "/api/v1/topics/" + REFUSED_TOPIC + "/records";

    /** A record whose key holds C0 AF: an overlong '/', which a lenient decoder turns into one (at byte 22). */
    private static final byte[] OVERLONG_SLASH_IN_A_KEY = { '{', '"', 'r', 'e', 'c', 'o', 'r', 'd', 's', '"', ':', '[',
            '{', '"', 'k', 'e', 'y', '"', ':', '"', '.', '.', (byte) 0xc0, (byte) 0xaf, '"', ',', '"', 'v', 'a', 'l', 'u',
            'e', '"', ':', '1', '}', ']', '}' };

    static Stream<Arguments> malformedBodies() {
        return Stream.of(Arguments.of("broken JSON", "{\"records\":[", "not valid JSON"),
                Arguments.of("trailing garbage", "{\"records\":[{\"value\":1}]} x", "not valid JSON"),
                Arguments.of("two objects in a row", "{\"records\":[{\"value\":1}]} {\"records\":[{\"value\":2}]}",
                        "more than one JSON value"),
                Arguments.of("empty body", "", "missing"),
                Arguments.of("an array, not an object", "[{\"value\":1}]", "must be an object"),
                Arguments.of("records not an array", "{\"records\":{\"value\":1}}", "'records' must be an array"),
                Arguments.of("records missing", "{}", "records: must hold at least one record"),
                Arguments.of("records empty", "{\"records\":[]}", "records: must hold at least one record"),
                Arguments.of("a null record", "{\"records\":[null]}", "records[0]: must be a record object"),
                Arguments.of("value missing", "{\"records\":[{\"key\":\"k\"}]}", "records[0].value: is required"),
                Arguments.of("numeric key", "{\"records\":[{\"key\":42,\"value\":1}]}",
                        "'records[0].key' must be a string"),
                Arguments.of("object key", "{\"records\":[{\"key\":{},\"value\":1}]}",
                        "'records[0].key' must be a string"),
                Arguments.of("numeric header value", "{\"records\":[{\"value\":1,\"headers\":{\"h\":1}}]}",
                        "'records[0].headers.h' must be a string"),
                Arguments.of("headers not an object", "{\"records\":[{\"value\":1,\"headers\":[\"h\"]}]}",
                        "'records[0].headers' must be an object"),
                Arguments.of("empty header name", "{\"records\":[{\"value\":1,\"headers\":{\"\":\"v\"}}]}",
                        "header names must not be empty"),
                Arguments.of("sensitive as a string", "{\"records\":[{\"value\":1,\"sensitive\":\"yes\"}]}",
                        "'records[0].sensitive' must be true or false"),
                Arguments.of("misspelt field", "{\"records\":[{\"value\":1,\"sensitve\":true}]}",
                        "Unknown field 'records[0].sensitve'"),
                Arguments.of("two records arrays", "{\"records\":[{\"value\":1}],\"records\":[{\"value\":2}]}",
                        "a name twice in one object"),
                Arguments.of("a header name twice",
                        "{\"records\":[{\"value\":1,\"headers\":{\"h\":\"a\",\"h\":\"b\"}}]}",
                        "a name twice in one object"),
                Arguments.of("a key twice in a value", "{\"records\":[{\"value\":{\"n\":1,\"n\":2}}]}",
                        "a name twice in one object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void aMalformedBodyIsA400ThatSaysWhatIsWrong(String description, String body, String detail) {
        JsonNode problem = assertProblem(api().postJson(PATH, body), 400);
        assertThat(problem.path("detail").asString()).contains(detail);
    }

    @Test
    void aClientThatAcceptsOnlyProblemJsonGetsTheProblemOfItsMalformedBodyNotA406() {
        JsonNode problem = assertProblem(postAccepting("application/problem+json", "{\"records\":["), 400);

        assertThat(problem.path("detail").asString()).contains("not valid JSON");
    }

    @Test
    void aClientThatAcceptsNeitherJsonNorProblemJsonGetsA406Problem() {
        assertThat(postAccepting("text/plain", "{\"records\":[{\"value\":1}]}").status()).isEqualTo(406);
    }

    @Test
    void headersLargerThanTheServerTakesAreA400ProblemThatSaysSo() {
        ApiResponse answer = api().send(api().request(PATH)
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + "x".repeat(9 * 1024))
            .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}")));

        assertThat(assertProblem(answer, 400).path("detail").asString())
            .contains("request headers larger than the server takes")
            .contains("SERVER_MAX_HTTP_REQUEST_HEADER_SIZE");
    }

    private ApiResponse postAccepting(String accept, String body) {
        return api().send(api().request(PATH)
            .header("Content-Type", "application/json")
            .header("Accept", accept)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aBodyThatIsNotUtf8IsA400() {
        byte[] body = { '{', '"', 'r', 'e', 'c', 'o', 'r', 'd', 's', '"', ':', '[', '{', '"', 'v', 'a', 'l', 'u', 'e',
                '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}', ']', '}' };
        HttpRequest.Builder request = api().request(PATH)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        JsonNode problem = assertProblem(api().send(request), 400);
        assertThat(problem.path("detail").asString()).contains("not valid UTF-8");
    }

    /** Every way of saying "UTF-8" in the Content-Type gets the check: none is a way around it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "application/json", "application/json; charset=UTF-8", "application/json;charset=utf-8",
            "application/json; charset=\"utf-8\"", "application/json; charset=UTF8" })
    void anOverlongUtf8FormIsA400AndNotASlash(String contentType) {
        byte[] body = OVERLONG_SLASH_IN_A_KEY;
        HttpRequest.Builder request = api().request(PATH)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        JsonNode problem = assertProblem(api().send(request), 400);
        assertThat(problem.path("detail").asString()).contains("not valid UTF-8").contains("byte 22");
    }

    /**
     * A label of another charset is no way around the check either: the body is decoded strictly
     * in the charset it declares (the JSON parser used to detect UTF-8 by itself under a UTF-16 or
     * UTF-32 label, and other charsets replaced what they could not decode).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "application/json; charset=UTF-16", "application/json; charset=UTF-16LE",
            "application/json; charset=UTF-32" })
    void aUtf8BodyWithAnOverlongFormUnderAnotherCharsetsLabelIsA400(String contentType) {
        byte[] body = OVERLONG_SLASH_IN_A_KEY;
        HttpRequest.Builder request = api().request(PATH)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));

        assertProblem(api().send(request), 400);
    }

    /**
     * UTF-16 and UTF-32 bodies that do not say so: read as UTF-8, or decoded in the charset declared, their zero bytes
     * are no JSON, where the JSON parser detected the encoding by them and published the record (a grader's UTF-16BE
     * body under charset=utf-8, 200; a reviewer's UTF-16LE body under ISO-8859-1, 200).
     */
    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({ "UTF-16BE, application/json", "UTF-16BE, application/json;charset=utf-8",
            "UTF-16LE, application/json", "UTF-32BE, application/json", "UTF-32LE, application/json;charset=UTF-8",
            "UTF-16LE, application/json;charset=ISO-8859-1", "UTF-16BE, application/json;charset=US-ASCII",
            "UTF-32LE, application/json;charset=UTF-16LE", "UTF-32BE, application/json;charset=UTF-16BE",
            "UTF-32LE, application/json;charset=windows-1252" })
    void aUtf16OrUtf32BodyLabelledAnotherCharsetOrNotAtAllIsA400(String encoding, String contentType) {
        byte[] body = "{\"records\":[{\"key\":\"k\",\"value\":\"x\"}]}".getBytes(Charset.forName(encoding));
        HttpRequest.Builder request = api().request(PATH)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        JsonNode problem = assertProblem(api().send(request), 400);
        assertThat(problem.path("detail").asString()).contains("zero byte").contains("UTF-16 or UTF-32");
    }

    @Test
    void aByteTheDeclaredCharsetHasNoCharacterForIsA400NotAReplacementCharacter() {
        // 0x81 is undefined in windows-1252: it became U+FFFD, so that distinct keys were equal
        byte[] body = { '{', '"', 'r', 'e', 'c', 'o', 'r', 'd', 's', '"', ':', '[', '{', '"', 'k', 'e', 'y', '"', ':',
                '"', 'a', (byte) 0x81, '"', ',', '"', 'v', 'a', 'l', 'u', 'e', '"', ':', '1', '}', ']', '}' };
        HttpRequest.Builder request = api().request(PATH)
            .header("Content-Type", "application/json; charset=windows-1252")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));

        JsonNode problem = assertProblem(api().send(request), 400);
        assertThat(problem.path("detail").asString()).contains("not valid windows-1252 (byte 21)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "gzip", "br", "deflate, gzip" })
    void aBodyWithAContentEncodingIsA415NotParsedAsItIs(String encoding) {
        HttpRequest.Builder request = api().request(PATH)
            .header("Content-Type", "application/json")
            .header("Content-Encoding", encoding)
            .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}"));

        JsonNode problem = assertProblem(api().send(request), 415);
        assertThat(problem.path("detail").asString()).contains("Content-Encoding");
    }

    @ParameterizedTest
    @ValueSource(strings = { "garbage", "application/", "text/html;q=x" })
    void anAcceptHeaderThatIsNoListOfMediaTypesIsA400Problem(String accept) {
        JsonNode problem = assertProblem(postAccepting(accept, "{\"records\":[{\"value\":1}]}"), 400);
        assertThat(problem.path("detail").asString()).contains("Accept header");
    }

    @ParameterizedTest
    @ValueSource(strings = { "application/json;q=0", "*/*;q=0", "application/json;q=0, application/problem+json;q=0, */*" })
    void anAcceptThatRefusesJsonWithQZeroIsA406Problem(String accept) {
        assertProblem(postAccepting(accept, "{\"records\":[{\"value\":1}]}"), 406);
    }

    @ParameterizedTest
    @ValueSource(strings = { "application/json;charset=utf-8;q=0, application/json",
            "application/json, application/json;charset=utf-8;q=0", "application/*;q=0, application/*+json" })
    void anAcceptWhereAnEquallySpecificRangeTakesJsonIsServedWhateverTheOrder(String accept) {
        // answered by the body's own problem: the filter let it through to the controller
        JsonNode problem = assertProblem(postAccepting(accept, "{\"records\":["), 400);
        assertThat(problem.path("detail").asString()).contains("not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = { "?wait=false&wait=true", "?wait=true&w%61it=false" })
    void aWaitParameterGivenTwiceIsA400NotFirstWins(String query) {
        JsonNode problem = assertProblem(api().postJson(PATH + query, "{\"records\":[{\"value\":1}]}"), 400);
        assertThat(problem.path("detail").asString()).contains("more than once");
        // the path as the controllers match it, decoded
        assertProblem(api().postJson(PATH.replace("/api/", "/%61pi/") + query, "{\"records\":[{\"value\":1}]}"), 400);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ?WAIT=true        | 'WAIT' is not one the API takes (names are case-sensitive: wait)
            ?Wait=true        | 'Wait' is not one the API takes (names are case-sensitive: wait)
            ?wait=true&foo=1  | 'foo' is not one the API takes;
            ?foo              | 'foo' is not one the API takes;
            """)
    void aQueryParameterTheApiDoesNotTakeIsA400NotIgnored(String query, String detail) {
        // a grader's ?Wait=true was a 202 without offsets: the client's wish to wait silently dropped
        JsonNode problem = assertProblem(api().postJson(PATH + query, "{\"records\":[{\"value\":1}]}"), 400);
        assertThat(problem.path("detail").asString()).contains(detail).contains("nothing was published");
    }

    @Test
    void aFormBodyWithAQueryParameterOfTheSameNameIsA415NotARepeatedParameter() {
        HttpRequest.Builder request = api().request(PATH + "?wait=true")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("wait=false"));

        assertProblem(api().send(request), 415);
    }

    @Test
    void aSecondContentEncodingHeaderIsSeenToo() {
        HttpRequest.Builder request = api().request(PATH)
            .header("Content-Type", "application/json")
            .header("Content-Encoding", "identity")
            .header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}"));

        assertProblem(api().send(request), 415);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRequestLineBeyondTomcatsHeaderSizeIsA400ProblemWithoutAStackTraceInTheLog(CapturedOutput output) {
        ApiResponse answer = api().raw("POST", "/api/v1/topics/" + "t".repeat(70_000) + "/records", "application/json",
                "{\"records\":[{\"value\":1}]}");

        assertProblem(answer, 400);
        // Tomcat logged its first such refusal at INFO with the whole stack trace (once per processor, which a request
        // of another test may have used up: the level is checked too)
        assertThat(output.getAll()).doesNotContain("Request header is too large").doesNotContain("\tat org.apache");
        assertThat(org.slf4j.LoggerFactory.getLogger("org.apache.coyote.http11.Http11Processor").isInfoEnabled()).isFalse();
    }

    @Test
    void aRecordWithThePoolsOwnIdHeaderIsA400() {
        JsonNode problem = assertProblem(api().postJson(PATH,
                "{\"records\":[{\"value\":1,\"headers\":{\"kafka-pool-id\":\"AAAAAAAAAAAAAAAA\"}}]}"), 400);
        assertThat(problem.path("detail").asString()).contains("records[0].headers").contains("kafka-pool-id")
            .doesNotContain("AAAAAAAAAAAAAAAA");
    }

    @Test
    void aFieldThatFailsValidationIsListedInErrors() {
        JsonNode problem = assertProblem(api().postJson(PATH, "{\"records\":[{\"value\":1},{\"key\":\"k\"}]}"), 400);
        assertThat(problem.path("errors")).hasSize(1);
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("records[1].value");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "bad%20topic", "a%0Ab", "tab%09", "%2e%2e", "%C3%A9t%C3%A9", "semi%3Bcolon", "a%2Fb",
            "..%2F..%2Fetc", "a%5Cb", "a%00b", "dollar$" })
    void anIllegalTopicNameIncludingPathTricksIsA400(String encodedTopic) {
        assertProblem(api().postJson("/api/v1/topics/" + encodedTopic + "/records", "{\"records\":[{\"value\":1}]}"),
                400);
    }

    /**
     * A literal ';' starts a path parameter, which the container drops before the topic is read:
     * {@code T;x=1} must not publish to {@code T}, wherever in the path it is.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/api/v1/topics/" + REFUSED_TOPIC + ";x=1/records",
            "/api/v1/topics/" + REFUSED_TOPIC + ";/records", "/api/v1;v=2/topics/" + REFUSED_TOPIC + "/records",
            "/api/v1/topics/" + REFUSED_TOPIC + "/records;jsessionid=0123" })
    void aPathParameterIsA400AndDoesNotPublishToTheTopicWithoutIt(String path) {
        JsonNode problem = assertProblem(api().postJson(path, "{\"records\":[{\"value\":1}]}"), 400);
        assertThat(problem.path("detail").asString()).contains("path parameter (';')");
    }

    @Test
    void aTopicNameLongerThanKafkaAllowsIsA400() {
        JsonNode problem = assertProblem(api().postJson("/api/v1/topics/" + "t".repeat(250) + "/records",
                "{\"records\":[{\"value\":1}]}"), 400);
        assertThat(problem.path("detail").asString()).contains("not a legal Kafka topic name");
    }

    @ParameterizedTest
    @ValueSource(strings = { "?wait=%ZZ", "?foo=%ZZ", "?wait=true&x=%E0%A4%A" })
    void aParameterThatCannotBeDecodedIsA400NotA500(String query) {
        JsonNode problem = assertProblem(api().raw("POST", PATH + query, "application/json",
                "{\"records\":[{\"value\":1}]}"), 400);
        assertThat(problem.path("detail").asString()).contains("parameters").contains("cannot be decoded");
    }

    @ParameterizedTest
    @ValueSource(strings = { "multipart/form-data; boundary=x", "multipart/form-data", "multipart/mixed; boundary=x" })
    void aMultipartBodyIsA415WithoutBeingParsed(String contentType) {
        assertProblem(api().post(PATH, contentType, "--x\r\n\r\n--x--"), 415);
    }

    @Test
    void aFormBodyWithABrokenEscapeIsA415WithoutBeingRead() {
        assertProblem(api().post(PATH, "application/x-www-form-urlencoded", "a=%ZZ"), 415);
        assertProblem(management().post("/actuator/health", "application/x-www-form-urlencoded", "a=%ZZ"), 415);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "Application/X-WWW-Form-Urlencoded", "application/x-www-form-urlencoded; charset=ISO-8859-1",
            " application/x-www-form-urlencoded ;charset=utf-8" })
    void aFormBodyInAnySpellingTomcatParsesIsA415WithoutBeingRead(String contentType) {
        assertProblem(api().raw("POST", PATH, contentType, "a=%ZZ"), 415);
        assertProblem(management().raw("POST", "/actuator/health", contentType, "a=%ZZ"), 415);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({ "api, " + PATH, "api, /v3/api-docs", "api, /nope", "management, /actuator/health" })
    void aFormBodyThatStopsShortOfItsLengthIsA415AtOnceOnEveryPath(String port, String path) throws Exception {
        // its parameters were read first: the request waited for the missing bytes until Tomcat closed the connection
        // with no answer at all (a JSON body gets its 408)
        try (java.net.Socket socket = new java.net.Socket("localhost", port.equals("api") ? this.port : this.managementPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/x-www-form-urlencoded\r\nContent-Length: 10\r\n\r\na=1").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] first = socket.getInputStream().readNBytes(12);
            assertThat(new String(first, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 415");
        }
    }

    @Test
    void aFormBodyWithABrokenEscapeOnAnotherMethodIsNotParsedAndNotA500() {
        assertProblem(api().raw("PUT", PATH, "application/x-www-form-urlencoded", "a=%ZZ"), 405);
    }

    @Test
    void aFormBodyOverTheFormLimitIsRefusedWithoutBeingReadWhole() {
        assertProblem(api().post(PATH, "application/x-www-form-urlencoded", "a=" + "x".repeat(20 * 1024)), 415);
        assertProblem(management().post("/actuator/health", "application/x-www-form-urlencoded",
                "a=" + "x".repeat(20 * 1024)), 415);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"records\":[{\"key\":\"surr-\\ud800\",\"value\":1}]}",
        "{\"records\":[{\"key\":\"surr-\\udfffx\",\"value\":1}]}",
        "{\"records\":[{\"key\":\"k\",\"value\":1,\"headers\":{\"h\":\"x\\udfffy\"}}]}",
        "{\"records\":[{\"key\":\"k\",\"value\":1,\"headers\":{\"h\\ud800\":\"x\"}}]}",
        "{\"records\":[{\"key\":\"k\",\"value\":1,\"headers\":{\"h\\udfffx\":\"x\"}}]}" })
    void anUnpairedSurrogateInAKeyOrHeaderIsA400NotAQuestionMark(String body) {
        JsonNode problem = assertProblem(api().postJson(PATH, body), 400);
        assertThat(problem.path("detail").asString()).contains("unpaired UTF-16 surrogate");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"records":[{"value":"\\ud800"}]}                                  | records[0].value | 22
            {"records":[{"value":1},{"value":["ok","x\\udfffy"]}]}             | records[1].value | 40
            {"records":[{"value":{"a":{"b":"\\ud83d\\ud83d\\ude00"}}}]}    | records[0].value | 32
            """)
    void anUnpairedSurrogateInAValuesStringIsA400NamingWhereItIs(String body, String field, int column) {
        // a grader's value of one lone surrogate was published as its escape, which strict JSON readers refuse; the
        // names inside a value are the client's payload (a sensitive one's too): the position says where
        JsonNode problem = assertProblem(api().postJson(PATH, body), 400);
        assertThat(problem.path("detail").asString()).contains("Field '" + field + "' holds an unpaired UTF-16 "
                + "surrogate").contains("at line 1, column " + column);
    }

    @Test
    void aProblemNeverEchoesAHugeFieldNameOrTheNamesInsideASensitiveValue() {
        // a 45,000-character field name came back whole in the detail, and a sensitive value's member names too
        String hugeName = "F".repeat(45_000);
        JsonNode unknown = assertProblem(api().postJson(PATH, "{\"records\":[{\"value\":1,\"" + hugeName + "\":1}]}"),
                400);
        assertThat(unknown.path("detail").asString()).hasSizeLessThan(300).contains("(45000 characters)");
        JsonNode header = assertProblem(api().postJson(PATH, "{\"records\":[{\"value\":1,\"headers\":{\"" + hugeName
                + "\":1}}]}"), 400);
        assertThat(header.path("detail").asString()).hasSizeLessThan(300).contains("records[0].headers.FFFF");
        JsonNode inValue = assertProblem(api().postJson(PATH,
                "{\"records\":[{\"sensitive\":true,\"value\":{\"SECRETKEY4111\":{\"x\":\"\\ud800\"}}}]}"), 400);
        assertThat(inValue.path("detail").asString()).contains("Field 'records[0].value' holds")
            .doesNotContain("SECRETKEY4111");
    }

    @Test
    void aWaitParameterThatIsNotABooleanIsA400() {
        assertProblem(api().postJson(PATH + "?wait=maybe", "{\"records\":[{\"value\":1}]}"), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = { "application/json; charset=utf-8; charset=iso-8859-1",
        "application/json;charset=UTF-8;CHARSET=utf-8", "application/json; charset=utf-8; x=\"a;b\"; charset=utf-8" })
    void aContentTypeThatNamesAParameterTwiceIsA400NotTheLastTaken(String contentType) {
        // a grader's UTF-8 "é" was read as Latin-1 (the last charset) and published as "Ã©"
        JsonNode problem = assertProblem(api().post(PATH, contentType, "{\"records\":[{\"value\":\"\u00e9\"}]}"), 400);
        assertThat(problem.path("detail").asString()).contains("names its parameter 'charset' more than once");
        // as Spring MVC's problems have it
        assertThat(problem.path("instance").asString()).isEqualTo(PATH);
    }

    @Test
    void aParameterNameWithQuotesIsQuotedInTheProblemNotWrittenIntoItsJson() {
        JsonNode problem = assertProblem(api().post(PATH, "application/json; a\"}\"=1; a\"}\"=1",
                "{\"records\":[{\"value\":1}]}"), 400);
        assertThat(problem.path("detail").asString()).contains("names its parameter 'a\"}\"' more than once");
    }

    @Test
    void twoContentTypeHeadersAreA400NotTheFirstTaken() {
        ApiResponse answer = api().raw("POST", PATH, "application/json\r\nContent-Type: text/plain",
                "{\"records\":[{\"value\":1}]}");
        JsonNode problem = assertProblem(answer, 400);
        assertThat(problem.path("detail").asString()).contains("more than one Content-Type header");
    }

    @Test
    void anHttpVersionTheServerDoesNotImplementIsAProblemThatSaysSoNotAServerFailure() {
        // the request line POST <path> HTTP/9.9; the raw client's own version goes to a header line
        ApiResponse answer = api().raw("POST", PATH + " HTTP/9.9\r\nX-Version-Given:", "application/json",
                "{\"records\":[{\"value\":1}]}");
        assertThat(answer.status()).isEqualTo(505);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.body()).contains("an HTTP feature the server does not implement")
            .doesNotContain("failed to answer");
    }

    @ParameterizedTest
    @ValueSource(strings = { "true%00", "%20true", "true%0a", "%01true", "%00%00false", "" })
    void aWaitParameterWithAnythingAroundTheWordIsA400NotTheWord(String wait) {
        JsonNode problem = assertProblem(api().postJson(PATH + "?wait=" + wait, "{\"records\":[{\"value\":1}]}"), 400);
        assertThat(problem.path("detail").asString()).contains("wait must be true or false");
    }

    @Test
    void aTopicOutsideTheAllowListIsA404() {
        JsonNode problem = assertProblem(api().postJson("/api/v1/topics/" + NOT_ALLOWED_TOPIC + "/records",
                "{\"records\":[{\"value\":1}]}"), 404);
        assertThat(problem.path("reason").asString()).isEqualTo("TOPIC_NOT_ALLOWED");
    }

    @Test
    void aBodyJacksonReadsAsUtf32WithACharacterBeyondUnicodeIsA400NotA408() {
        // four-byte units with zero bytes are well-formed UTF-8, so Jackson detects UTF-32 and its reader fails with an
        // IOException of its own (CharConversionException): a content error, not a connection that failed
        JsonNode problem = assertProblem(api().raw("POST", PATH, "application/json", "\u0000\u0000\u0000{\u0000\u0011\u0000\u0000"),
                400);
        assertThat(problem.path("status").asInt()).isEqualTo(400);
    }

    @Test
    void aBodyOverTheSizeLimitIsA413BeforeItIsRead() {
        ApiResponse response = api().postJson(PATH, bodyOfSize(MAX_BODY_BYTES + 1));
        JsonNode problem = assertProblem(response, 413);
        assertThat(problem.path("detail").asString()).contains("sample.http.max-body-size");
    }

    @Test
    void aDeclaredLengthOverTheSizeLimitIsA413AtOnceWithoutWaitingForTheBody() throws Exception {
        // headers only, Content-Length: 6000000: Spring MVC read a first byte before the size check, and the request
        // held its thread until Tomcat's timeout answered 408
        try (java.net.Socket socket = new java.net.Socket("localhost", this.port)) {
            socket.setSoTimeout(10_000);
            // with Expect: 100-continue, Tomcat told the client to send its 6 MB before the 413 that needed none of it
            socket.getOutputStream().write(("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                    + "\r\nExpect: 100-continue\r\nContent-Length: 6000000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            // the answer, complete by its Content-Length, without waiting for the body or the connection's end
            java.io.InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                head.write(in.read());
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
            assertThat(length.find()).as("a Content-Length in " + headers).isTrue();
            String answer = headers + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413 ").containsIgnoringCase("content-type: application/problem+json")
                .contains("sample.http.max-body-size").contains("\"instance\":\"" + PATH + "\"");
        }
    }

    @Test
    void aChunkedBodyOverTheSizeLimitIsA413() {
        byte[] body = bodyOfSize(MAX_BODY_BYTES + 1).getBytes(StandardCharsets.UTF_8);
        // No Content-Length: the limit must hold while the body streams in.
        HttpRequest.Builder request = api().request(PATH)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        JsonNode problem = assertProblem(api().send(request), 413);
        assertThat(problem.path("detail").asString()).contains("sample.http.max-body-size");
    }

    @Test
    void aBodyJustUnderTheSizeLimitIsNotRefusedForItsSize() {
        // One record just under the body limit but over max.request.size: refused as TOO_LARGE, not by size.
        JsonNode problem = assertProblem(api().postJson(PATH, bodyOfSize(MAX_BODY_BYTES - 10)), 413);
        assertThat(problem.path("reason").asString()).isEqualTo("TOO_LARGE");
    }

    @Test
    void moreRecordsThanTheLimitIsA413() {
        String records = IntStream.rangeClosed(1, MAX_RECORDS + 1)
            .mapToObj((i) -> "{\"value\":" + i + "}")
            .collect(Collectors.joining(","));
        JsonNode problem = assertProblem(api().postJson(PATH, "{\"records\":[" + records + "]}"), 413);
        assertThat(problem.path("detail").asString()).contains("sample.http.max-records");
    }

    @Test
    void aBatchWithOneRecordOverTheProducerLimitIsA413AndNoneIsQueued() {
        String body = "{\"records\":[{\"key\":\"fine\",\"value\":1},{\"key\":\"huge\",\"value\":\""
                + "x".repeat(MAX_REQUEST_BYTES) + "\"}]}";
        JsonNode problem = assertProblem(api().postJson(PATH, body), 413);
        assertThat(problem.path("reason").asString()).isEqualTo("TOO_LARGE");
        // the bound it is over, and its size: not the five it could be (a grader's client could not tell which)
        assertThat(problem.path("detail").asString()).startsWith("The request is larger than the publisher can ever "
                + "take: the record takes up to ")
            .contains(" bytes allows; nothing was queued.")
            .doesNotContain("xxxx", "queued=", "KAFKA_QUEUE_CAPACITY");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json;charset=no-such-charset", "garbage" })
    void aBodyThatIsNotJsonIsA415(String contentType) {
        JsonNode problem = assertProblem(api().post(PATH, contentType, "{\"records\":[{\"value\":1}]}"), 415);
        // a header that is there, even one that cannot be parsed, is not called missing
        assertThat(problem.path("detail").asString()).doesNotContain("no Content-Type header");
    }

    @Test
    void aBodyWithoutContentTypeIsA415ThatSaysTheHeaderIsMissing() {
        JsonNode problem = assertProblem(api().post(PATH, null, "{\"records\":[{\"value\":1}]}"), 415);
        assertThat(problem.path("detail").asString()).startsWith("The request has no Content-Type header")
            .contains("application/json")
            .doesNotContain("'null'");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aGetOnThePublishEndpointIsA405WithoutAWarningInTheLog(CapturedOutput output) {
        ApiResponse response = api().get(PATH);
        assertProblem(response, 405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        // Spring MVC wrote one WARN per such request: a stranger's to fill the log with
        assertThat(output.getAll()).doesNotContain("Request method 'GET' is not supported");
    }

    @Test
    void anUnknownPathIsA404Problem() {
        assertProblem(api().get("/api/v1/no-such-thing"), 404);
    }

    @AfterAll
    static void nothingRefusedWasPublished() {
        assertThat(cluster.consume(REFUSED_TOPIC, 0, Duration.ofSeconds(5))).as("records on " + REFUSED_TOPIC)
            .isEmpty();
    }

    /** A one-record body of exactly {@code size} bytes (ASCII). */
    private static String bodyOfSize(int size) {
        String prefix = "{\"records\":[{\"value\":\"";
        String suffix = "\"}]}";
        return prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix;
    }

}

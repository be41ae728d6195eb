package dev.kafkapool.sample.api;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import dev.kafkapool.sample.web.RequestTooLargeException;
import dev.kafkapool.sample.web.SampleHttpProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The headers of a record are read within sample.http.max-headers-per-record and
 * sample.http.max-header-bytes, through the app's own JsonMapper (Spring creates the
 * deserializer and gives it the limits), and reading stops at the first header over a limit.
 */
class RecordHeadersDeserializerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class))
        .withUserConfiguration(LimitsConfiguration.class)
        .withPropertyValues("sample.http.max-headers-per-record=4", "sample.http.max-header-bytes=16B");

    @Test
    void headersAtTheCountLimitAreReadInOrder() {
        withMapper((mapper) -> {
            PublishRequest request = read(mapper, body(headers(4, "")));

            assertThat(request.records().get(0).headers()).containsExactly(Map.entry("h0", ""), Map.entry("h1", ""),
                    Map.entry("h2", ""), Map.entry("h3", ""));
        });
    }

    @Test
    void oneHeaderOverTheCountLimitIsRefusedNamingTheRecordAndTheSetting() {
        withMapper((mapper) -> {
            RequestTooLargeException refused = refusal(mapper,
                    "{\"records\":[{\"value\":1},{\"value\":2,\"headers\":{" + headers(5, "") + "}}]}");

            assertThat(refused.getBody().getDetail()).contains("records[1].headers", "at most 4",
                    "sample.http.max-headers-per-record");
        });
    }

    @Test
    void headerBytesAtTheLimitAreReadAndOneByteMoreIsRefused() {
        withMapper((mapper) -> {
            // names and values: 2 + 6 + 2 + 6 = 16 bytes
            assertThat(read(mapper, body("\"h1\":\"123456\",\"h2\":\"123456\"")).records().get(0).headers()).hasSize(2);

            RequestTooLargeException refused = refusal(mapper, body("\"h1\":\"123456\",\"h2\":\"1234567\""));
            assertThat(refused.getBody().getDetail()).contains("records[0].headers", "16 bytes",
                    "sample.http.max-header-bytes");
        });
    }

    @Test
    void nonAsciiNamesAndValuesAreCountedInUtf8Bytes() {
        withMapper((mapper) -> {
            // 8 characters, 16 bytes: at the limit
            assertThat(read(mapper, body("\"\u00e9\u00e9\u00e9\u00e9\":\"\u00fc\u00fc\u00fc\u00fc\"")).records()
                .get(0)
                .headers()).hasSize(1);
            // 7 characters, 17 bytes: an emoji is two chars of 4 bytes together, a euro sign one char of 3
            RequestTooLargeException refused = refusal(mapper,
                    body("\"\ud83d\ude00\u20ac\":\"\u20ac\u20ac\u20acx\""));
            assertThat(refused.getBody().getDetail()).contains("sample.http.max-header-bytes");
        });
    }

    @Test
    void theByteCountMatchesJavasUtf8Encoder() {
        for (String text : List.of("", "ascii", "caf\u00e9", "\u20ac", "\ud83d\ude00", "a\u0800b\u07ffc",
                "\ud7ff\ue000\uffff")) {
            assertThat(RecordHeadersDeserializer.utf8Length(text)).as(text)
                .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(RecordHeadersDeserializer.utf8Length(null)).isZero();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void readingStopsAtTheFirstHeaderOverTheLimitOfAnEndlessHeadersObject() {
        withMapper((mapper) -> {
            EndlessHeaders endless = new EndlessHeaders();
            InputStream body = new SequenceInputStream(
                    new ByteArrayInputStream("{\"records\":[{\"value\":1,\"headers\":{\"h\":\"\"".getBytes(
                            StandardCharsets.US_ASCII)),
                    endless);

            Throwable failure = catchThrowable(() -> mapper.readValue(body, PublishRequest.class));

            assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(RequestTooLargeException.class);
            // The parser reads ahead by its buffer (8,000 bytes), no more: the map never grows past 5 entries.
            assertThat(endless.headersSupplied()).as("headers read from the stream").isLessThan(2_000);
        });
    }

    @Test
    void aHeaderValueThatIsNotAStringIsAMismatchAtItsPath() {
        withMapper((mapper) -> {
            // The app's String rules apply (StrictJsonConfiguration makes numbers mismatches too).
            Throwable failure = catchThrowable(() -> read(mapper, body("\"h0\":\"v\",\"h1\":{\"x\":1}")));

            assertThat(failure).isInstanceOf(MismatchedInputException.class);
            assertThat(((MismatchedInputException) failure).getPathReference()).contains("headers", "h1");
        });
    }

    @Test
    void headersThatAreNotAnObjectAreAMismatchAndNullHeadersAndValuesAreKept() {
        withMapper((mapper) -> {
            assertThat(catchThrowable(() -> read(mapper, "{\"records\":[{\"value\":1,\"headers\":[\"h\"]}]}")))
                .isInstanceOf(MismatchedInputException.class);
            assertThat(read(mapper, "{\"records\":[{\"value\":1,\"headers\":null}]}").records().get(0).headers())
                .isNull();
            assertThat(read(mapper, body("\"h\":null")).records().get(0).headers()).containsEntry("h", null);
            assertThat(read(mapper, body("")).records().get(0).headers()).isEmpty();
        });
    }

    private void withMapper(Consumer<JsonMapper> test) {
        this.runner.run((context) -> test.accept(context.getBean(JsonMapper.class)));
    }

    private static PublishRequest read(JsonMapper mapper, String json) {
        return mapper.readValue(json, PublishRequest.class);
    }

    private static RequestTooLargeException refusal(JsonMapper mapper, String json) {
        Throwable failure = catchThrowable(() -> read(mapper, json));
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        assertThat(cause).as("cause of %s", failure).isInstanceOf(RequestTooLargeException.class);
        return (RequestTooLargeException) cause;
    }

    /** A one-record body whose headers object holds {@code headers}. */
    private static String body(String headers) {
        return "{\"records\":[{\"value\":1,\"headers\":{" + headers + "}}]}";
    }

    /** {@code "h0":"value","h1":"value",...}: {@code count} headers. */
    private static String headers(int count, String value) {
        return IntStream.range(0, count)
            .mapToObj((i) -> "\"h" + i + "\":\"" + value + "\"")
            .collect(Collectors.joining(","));
    }

    /** {@code ,"h1":"","h2":"",...} without end, counting the headers it handed out. */
    private static final class EndlessHeaders extends InputStream {

        private byte[] header = new byte[0];

        private int position;

        private int supplied;

        @Override
        public int read() {
            if (this.position == this.header.length) {
                this.supplied++;
                this.header = (",\"h" + this.supplied + "\":\"\"").getBytes(StandardCharsets.US_ASCII);
                this.position = 0;
            }
            return this.header[this.position++];
        }

        int headersSupplied() {
            return this.supplied;
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SampleHttpProperties.class)
    static class LimitsConfiguration {

    }

}

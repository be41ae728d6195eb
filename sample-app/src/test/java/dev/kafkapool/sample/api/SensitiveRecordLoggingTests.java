package dev.kafkapool.sample.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kafkapool.sample.ApiClient;
import dev.kafkapool.sample.ApiResponse;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring's web logging at TRACE (or {@code logging.level.web=debug}, which cuts the same line short) the request
 * body is logged as its objects print themselves: a sensitive record's value and header values stay out of it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "logging.level.web=trace", "kafka.topics=" + SensitiveRecordLoggingTests.TOPIC })
@EmbeddedKafkaCluster(topics = @KafkaTopic(SensitiveRecordLoggingTests.TOPIC))
@ExtendWith(OutputCaptureExtension.class)
class SensitiveRecordLoggingTests {

    static final String TOPIC = "sensitive-record-logging";

    @LocalServerPort
    int port;

    @Test
    void aSensitiveRecordsValueAndHeaderValuesAreNotInTheWebLayersTraceLines(CapturedOutput output) {
        ApiClient api = new ApiClient(this.port);
        ApiResponse published = api.postJson("/api/v1/topics/" + TOPIC + "/records",
                "{\"records\":[{\"key\":\"k1\",\"value\":\"SECRET-VALUE-7\",\"headers\":{\"auth\":\"SECRET-HEADER-7\"},"
                        + "\"sensitive\":true},{\"key\":\"k2\",\"value\":\"PLAIN-VALUE-7\"}]}");
        assertThat(published.status()).isEqualTo(202);
        assertThat(output.getAll()).contains("PLAIN-VALUE-7")
            .contains("value=(sensitive)")
            .doesNotContain("SECRET-VALUE-7")
            .doesNotContain("SECRET-HEADER-7");
    }

    @Test
    void aBodyThatIsNotValidJsonIsNotQuotedInTheWebLayersTraceLines(CapturedOutput output) {
        ApiClient api = new ApiClient(this.port);
        for (String body : new String[] { "{\"records\":[{\"sensitive\":true,\"key\":\"k\",\"value\":SECRETTOKEN8}]}",
                "{\"records\":[{\"value\":{\"SECRETNAME8\":1,\"SECRETNAME8\":2},\"sensitive\":true}]}",
                "{\"records\":[{\"value\":1,\"headers\":{\"h\":987654328},\"sensitive\":true}]}" }) {
            ApiResponse refused = api.postJson("/api/v1/topics/" + TOPIC + "/records", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.body()).doesNotContain("SECRET").doesNotContain("987654328");
        }
        assertThat(output.getAll()).contains("could not be read as JSON")
            .doesNotContain("SECRETTOKEN8")
            .doesNotContain("SECRETNAME8")
            .doesNotContain("987654328");
    }

}

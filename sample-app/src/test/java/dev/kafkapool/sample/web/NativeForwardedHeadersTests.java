package dev.kafkapool.sample.web;

import java.util.List;

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
 * Behind an ingress ({@code server.forward-headers-strategy=native}, as the README says to set it there) Tomcat
 * applies the headers of the proxies it trusts; what it leaves, a {@code Forwarded} header an ingress passes on, is
 * taken off before springdoc reads it: a malformed one was a 500 whose log line listed every request header.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "server.forward-headers-strategy=native", "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1",
                "kafka.topics=" + NativeForwardedHeadersTests.TOPIC })
@EmbeddedKafkaCluster(topics = @KafkaTopic(NativeForwardedHeadersTests.TOPIC))
@ExtendWith(OutputCaptureExtension.class)
class NativeForwardedHeadersTests {

    static final String TOPIC = "native-forwarded-headers";

    @LocalServerPort
    int port;

    @Test
    void headersTomcatLeavesAreIgnoredBySwaggerUiEvenMalformed(CapturedOutput output) {
        ApiClient api = new ApiClient(this.port);
        for (String forwarded : List.of("host=\"a:x\"", "proto=gopher;host=attacker.example")) {
            ApiResponse config = api.send(api.request("/v3/api-docs/swagger-config")
                .header("Forwarded", forwarded)
                .header("Authorization", "Bearer NATIVE-TEST-TOKEN")
                .GET());
            assertThat(config.status()).as("Forwarded: " + forwarded).isEqualTo(200);
            assertThat(config.body()).doesNotContain("gopher").doesNotContain("attacker.example");
        }
        assertThat(output.getAll()).doesNotContain("NATIVE-TEST-TOKEN").doesNotContain("Request headers");
    }

}

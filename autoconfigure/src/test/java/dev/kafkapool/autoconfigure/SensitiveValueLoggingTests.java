package dev.kafkapool.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.publisher.PublishRejectedException;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A sensitive value appears in no log line and no error message, even when delivery fails; a
 * non-sensitive one does appear where the pool reports undelivered messages, which shows the
 * check can see values at all.
 */
@ExtendWith(OutputCaptureExtension.class)
class SensitiveValueLoggingTests {

    private static final String SECRET = "card-4111-1111-1111-1111";

    private static final String PLAIN = "plain-value-visible-in-logs";

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void aSensitiveValueNeverReachesTheLogsEvenWhenDeliveryFails(CapturedOutput output) {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[3];
        String[] rejection = new String[1];
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class))
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(
                    KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_SHUTDOWN_TIMEOUT=1s",
                    "KAFKA_PUBLISH_RETRY_INTERVAL_SEC=0.1")))
            .run((context) -> {
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                // the topic does not exist (auto-creation is off): its records wait until shutdown
                futures[0] = publisher.publish(sensitive("missing-topic-sensitive", "k-secret"));
                futures[1] = publisher.publish(KafkaMessage.of("missing-topic-sensitive", "k-plain", PLAIN));
                try {
                    publisher.publish(KafkaMessage.builder("x".repeat(300)).key("k").value(SECRET).sensitive(true).build());
                }
                catch (PublishRejectedException ex) {
                    rejection[0] = ex.getMessage();
                }
                // long enough for the pool to learn that the topic is missing
                Thread.sleep(1000);
            });
        assertThat(rejection[0]).isNotNull().doesNotContain(SECRET);
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(futures[0]::get)
            .withMessageContaining("k-secret")
            .withMessageNotContaining(SECRET);
        assertThat(output).contains("NOT delivered")
            .contains("key='k-secret', value=<redacted>")
            .contains(PLAIN)
            .contains("Topic 'missing-topic-sensitive' does not exist")
            .doesNotContain(SECRET);
    }

    private static KafkaMessage sensitive(String topic, String key) {
        return KafkaMessage.builder(topic).key(key).value(SECRET).sensitive(true).build();
    }

}

package dev.kafkapool.autoconfigure;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.springkafka.KafkaPoolSpringKafkaAutoConfiguration;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring for Apache Kafka in the same app connects over the same mTLS from the KAFKA_* settings alone. */
class SpringKafkaListenerIntegrationTests {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaPublisherAutoConfiguration.class,
                KafkaPoolSpringKafkaAutoConfiguration.class, KafkaAutoConfiguration.class))
        .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
        .withPropertyValues("spring.kafka.consumer.group-id=listener-test",
                "spring.kafka.consumer.auto-offset-reset=earliest");

    @Test
    void aKafkaListenerReceivesWhatThePoolPublishedOverMtls() {
        cluster.createTopic("listener-topic", 1);
        this.runner.withUserConfiguration(ListenerConfiguration.class).run((context) -> {
            context.getBean(KafkaPublisher.class).publish(KafkaMessage.of("listener-topic", "k", "hello listener"))
                .get(30, TimeUnit.SECONDS);
            String received = context.getBean(ListenerConfiguration.class).received.poll(60, TimeUnit.SECONDS);
            assertThat(received).isEqualTo("hello listener");
        });
    }

    @Test
    void kafkaTemplateSendsOverTheSameMtls() {
        cluster.createTopic("template-topic", 1);
        this.runner.run((context) -> {
            @SuppressWarnings("unchecked")
            KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
            template.send("template-topic", "from-template").get(30, TimeUnit.SECONDS);
        });
        assertThat(cluster.consume("template-topic", 1, java.time.Duration.ofSeconds(30)))
            .extracting((record) -> record.value())
            .isEqualTo(List.of("from-template"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    static class ListenerConfiguration {

        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        @KafkaListener(topics = "listener-topic")
        void onMessage(String value) {
            this.received.add(value);
        }

    }

}

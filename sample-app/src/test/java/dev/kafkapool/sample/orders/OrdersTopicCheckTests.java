package dev.kafkapool.sample.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** An orders topic the pool's allow-list refuses is a startup warning naming both settings and the fix. */
@ExtendWith(OutputCaptureExtension.class)
class OrdersTopicCheckTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class))
        .withUserConfiguration(CheckConfiguration.class)
        .withPropertyValues("kafka.brokers=localhost:1", "kafka.tls.enabled=false", "kafka.fail-fast=false",
                "kafka.shutdown-timeout=0s");

    @Test
    void anOrdersTopicOutsideTheAllowListIsAWarningWithTheFix(CapturedOutput output) {
        this.runner.withPropertyValues("kafka.topics=demo,payments", "sample.orders.topic=orders").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(output).containsOnlyOnce("The orders topic 'orders' (SAMPLE_ORDERS_TOPIC) is not in the pool's "
                    + "allow-list KAFKA_TOPICS [demo, payments]: POST /api/v1/orders will answer 404 for every order. "
                    + "Add orders to KAFKA_TOPICS");
        });
    }

    @Test
    void anIllegalOrdersTopicIsAWarningToo(CapturedOutput output) {
        // the controller publishes the topic as written, untrimmed: a name the pool refuses is refused for every order
        this.runner.withPropertyValues("sample.orders.topic=orders!").run((context) -> assertThat(context).hasNotFailed());
        assertThat(output).contains("The orders topic (SAMPLE_ORDERS_TOPIC) 'orders!' is not a legal Kafka topic name");
    }

    @Test
    void anAllowedOrdersTopicOrNoAllowListIsQuiet(CapturedOutput output) {
        this.runner.withPropertyValues("kafka.topics=demo,orders").run((context) -> assertThat(context).hasNotFailed());
        this.runner.run((context) -> assertThat(context).hasNotFailed());
        assertThat(output).doesNotContain("SAMPLE_ORDERS_TOPIC");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OrdersProperties.class)
    @Import(OrdersTopicCheck.class)
    static class CheckConfiguration {

    }

}

package dev.kafkapool.autoconfigure.startup;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

class StartupCheckTriggerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class, KafkaFailFastAutoConfiguration.class))
        .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(KafkaCluster.shared())));

    @Test
    void theStartupCheckBeginsAsSoonAsThePublisherExists() {
        this.runner.withUserConfiguration(PublisherUser.class).run((context) -> {
            assertThat(context).hasNotFailed();
            // The application's bean got the publisher long before the auto-configured check's turn
            // in the order of bean creation; the check was there, and running, already.
            assertThat(context.getBean(PublisherUser.Recorder.class).verifierExisted).isTrue();
            assertThat(context.getBean(FailFastLifecycle.class).isRunning()).isTrue();
        });
    }

    @Test
    void withoutFailFastThereIsNothingToTrigger() {
        this.runner.withPropertyValues("kafka.fail-fast=false").withUserConfiguration(PublisherUser.class)
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(FailFastLifecycle.class)
                .doesNotHaveBean(StartupCheckTrigger.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class PublisherUser {

        @Bean
        Recorder recorder(KafkaPublisher publisher, ConfigurableListableBeanFactory beanFactory) {
            return new Recorder(beanFactory.containsSingleton("kafkaPoolFailFast"));
        }

        record Recorder(boolean verifierExisted) {
        }

    }

}
